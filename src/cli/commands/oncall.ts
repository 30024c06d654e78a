// policy add|show|list|remove and schedule add|show|list|override|oncall.
import { parseLength, describeLength, type Schedule } from '../../domain/schedule.js';
import { channelLabel } from '../../slack/channels.js';
import { UserError } from '../errors.js';
import { withCore } from '../context.js';
import { scheduleSlackJson } from './schedule-slack.js';
import { chalk, print, printJson, table, when } from '../output.js';

function parseStep(text: string): { delayMinutes: number; targets: string[] } {
  const m = /^(\d+):(.+)$/.exec(text.trim());
  if (!m) throw new UserError(`--step "${text}" should look like 0:jane@example.com,schedule:primary (minutes:targets).`, 2);
  return { delayMinutes: Number(m[1]), targets: m[2]!.split(',').map((t) => t.trim()).filter(Boolean) };
}

/** An ISO time option (checked while parsing: src/cli/option-values.ts). */
const parseTime = (text: string): Date => new Date(text);

export async function addPolicy(name: string, opts: { step: string[]; repeat: string; json?: boolean }): Promise<void> {
  const steps = (opts.step ?? []).map(parseStep);
  if (!steps.length) throw new UserError('Give at least one --step minutes:targets, e.g. --step 0:schedule:primary --step 15:bob@example.com', 2);
  await withCore((core) => {
    const p = core.oncall.addPolicy(name, steps, Number(opts.repeat));
    if (opts.json) return printJson(policyJson(core, p));
    print(chalk.green(`Policy ${p.name} added.`));
    showPolicyText(core, p);
  });
}

function policyJson(core: Parameters<Parameters<typeof withCore>[0]>[0], p: ReturnType<typeof core.oncall.getPolicy>) {
  return {
    name: p.name,
    repeat: p.repeat,
    steps: p.steps.map((s, i) => ({ step: i + 1, delay_minutes: s.delayMinutes, targets: core.oncall.describeTargets(s.targets) })),
    services: core.oncall.servicesUsing(p),
  };
}

function showPolicyText(core: Parameters<Parameters<typeof withCore>[0]>[0], p: ReturnType<typeof core.oncall.getPolicy>) {
  const j = policyJson(core, p);
  print(`${chalk.bold(j.name)}${j.services.length ? ` — used by ${j.services.join(', ')}` : ''}`);
  for (const s of j.steps) print(`  ${s.step}. after ${s.delay_minutes} min: ${s.targets.join(', ')}`);
  print(`  then repeat ${j.repeat} time(s)`);
}

export async function showPolicy(name: string, opts: { json?: boolean }): Promise<void> {
  await withCore((core) => {
    const p = core.oncall.getPolicy(name);
    if (opts.json) printJson(policyJson(core, p));
    else showPolicyText(core, p);
  });
}

export async function listPolicies(opts: { json?: boolean }): Promise<void> {
  await withCore((core) => {
    const all = core.oncall.listPolicies();
    if (opts.json) return printJson(all.map((p) => policyJson(core, p)));
    if (!all.length) return print('No escalation policies. Add one: opsknight-slack policy add primary --step 0:schedule:primary --step 15:bob@example.com');
    print(table(['POLICY', 'STEPS', 'REPEAT', 'SERVICES'], all.map((p) => { const j = policyJson(core, p); return [p.name, String(p.steps.length), String(p.repeat), j.services.join(', ')]; })));
  });
}

export async function removePolicy(name: string): Promise<void> {
  await withCore((core) => {
    core.oncall.removePolicy(name);
    print(`Policy ${name} removed.`);
  });
}

export async function addSchedule(
  name: string,
  opts: { tz: string; users: string; start: string; handoff: string; length: string; json?: boolean },
): Promise<void> {
  const length = (() => {
    try {
      return parseLength(opts.length);
    } catch (err) {
      throw new UserError((err as Error).message, 2);
    }
  })();
  await withCore((core) => {
    const s = core.oncall.addSchedule({ name, timeZone: opts.tz, userEmails: opts.users.split(',').map((u) => u.trim()).filter(Boolean), start: opts.start, handoff: opts.handoff, length });
    if (opts.json) return printJson(scheduleJson(core, s));
    print(chalk.green(`Schedule ${s.name} added.`));
    showScheduleText(core, s);
  });
}

function scheduleJson(core: Parameters<Parameters<typeof withCore>[0]>[0], s: Schedule) {
  const users = core.directory.listUsers();
  const name = (id: number) => users.find((u) => u.id === id)?.name ?? `user ${id}`;
  const now = core.oncall.onCallFor(s);
  return {
    name: s.name,
    time_zone: s.timeZone,
    rotation: { users: s.rotation.userIds.map(name), start: s.rotation.start, handoff: s.rotation.handoff, length: describeLength(s.rotation.length) },
    overrides: s.overrides.map((o) => ({ user: name(o.userId), from: o.startsAt.toISOString(), to: o.endsAt.toISOString() })),
    on_call_now: now.now.name,
    until: now.now.until.toISOString(),
    next: now.next.name,
    // Where it shows in Slack (schedule handoff-channel / user-group), per workspace.
    slack: scheduleSlackJson(core, s.id),
  };
}

function showScheduleText(core: Parameters<Parameters<typeof withCore>[0]>[0], s: Schedule) {
  const j = scheduleJson(core, s);
  print(`${chalk.bold(j.name)} (${j.time_zone}): ${j.rotation.users.join(' → ')}, ${j.rotation.length}, handoff ${j.rotation.handoff} from ${j.rotation.start}`);
  const now = core.clock.now();
  for (const o of j.overrides) print(`  override: ${o.user} from ${when(new Date(o.from), now)} to ${when(new Date(o.to), now)}`);
  print(`  on call now: ${j.on_call_now ?? 'nobody yet'} until ${when(new Date(j.until), now)}; then ${j.next ?? 'nobody'}`);
  for (const c of j.slack) {
    const where = core.workspaces.get(c.workspace)?.teamName ?? c.workspace;
    const channel = c.handoff_channel ? channelLabel(core.workspaces, c.workspace, c.handoff_channel) : 'not announced';
    print(`  in Slack (${where}): handoffs ${c.handoff_channel ? `announced in ${channel}` : channel}; user group ${c.user_group ? `@${c.user_group.handle} (${c.user_group.id}) follows who is on call` : 'none'}`);
  }
}

export async function showSchedule(name: string, opts: { json?: boolean }): Promise<void> {
  await withCore((core) => {
    const s = core.oncall.getSchedule(name);
    if (opts.json) printJson(scheduleJson(core, s));
    else showScheduleText(core, s);
  });
}

export async function listSchedules(opts: { json?: boolean }): Promise<void> {
  await withCore((core) => {
    const all = core.oncall.listSchedules();
    if (opts.json) return printJson(all.map((s) => scheduleJson(core, s)));
    if (!all.length) return print('No schedules. Add one: opsknight-slack schedule add primary --tz Europe/London --users jane@example.com,bob@example.com --start 2026-12-01 --handoff 09:00 --length weekly');
    print(table(['SCHEDULE', 'TIME ZONE', 'LENGTH', 'ON CALL NOW', 'UNTIL'], all.map((s) => { const j = scheduleJson(core, s); return [j.name, j.time_zone, j.rotation.length, j.on_call_now ?? '—', j.until ? when(new Date(j.until), core.clock.now()) : '—']; })));
  });
}

export async function overrideSchedule(name: string, opts: { user: string; from: string; to: string }): Promise<void> {
  const from = parseTime(opts.from);
  const to = parseTime(opts.to);
  await withCore((core) => {
    const s = core.oncall.addOverride(name, opts.user, from, to);
    const now = core.clock.now();
    print(chalk.green(`Override added: ${opts.user} is on call for ${s.name} from ${when(from, now)} to ${when(to, now)}.`));
  });
}

export async function showOnCall(opts: { at?: string; json?: boolean }): Promise<void> {
  const at = opts.at ? parseTime(opts.at) : undefined;
  await withCore((core) => {
    const answer = core.oncall.onCall(at);
    if (opts.json) {
      return printJson({
        at: (at ?? core.clock.now()).toISOString(),
        schedules: answer.schedules.map((s) => ({ schedule: s.schedule, time_zone: s.timeZone, now: s.now.name, override: s.now.viaOverride, until: s.now.until.toISOString(), next: s.next.name, next_from: s.next.from.toISOString(), handoffs: s.handoffs.map((h) => ({ at: h.at.toISOString(), name: h.name })) })),
        policies: answer.policies.map((p) => ({ policy: p.policy, services: p.services, first_step: p.firstStep })),
      });
    }
    if (!answer.schedules.length && !answer.policies.length) return print('No schedules or policies are set up, so nobody is on call.');
    for (const s of answer.schedules) {
      print(`${chalk.bold(s.schedule)} (${s.timeZone}): ${s.now.name ?? 'nobody yet'}${s.now.viaOverride ? ' (override)' : ''} until ${when(s.now.until, at ?? core.clock.now())}, then ${s.next.name ?? 'nobody'}`);
    }
    for (const p of answer.policies) print(`Policy ${chalk.bold(p.policy)}${p.services.length ? ` (${p.services.join(', ')})` : ''}: pages ${p.firstStep.join(', ')} first`);
  });
}
