import { parseDuration } from '../../domain/duration.js';
import type { CommandResult } from '../../domain/incident-service.js';
import { type ChangeEvent, type Incident, type IncidentStatus, type Urgency } from '../../domain/model.js';
import { changeJson, incidentJson, timelineEventJson } from '../../http/incident-json.js';
import { UserError } from '../errors.js';
import { cliActor, parseIncidentId, parseIntOption, withCore } from '../context.js';
import { InvalidTransitionError } from '../../domain/errors.js';
import { relativeTime } from '../../shared/human-time.js';
import { chalk, cliTimePhrase, print, printJson, statusLabel, table, urgencyLabel, when } from '../output.js';

export interface ActOpts {
  as?: string;
  json?: boolean;
}

/** A comma-separated list option (its values checked while parsing: src/cli/option-values.ts). */
function parseList<T extends string>(value: string | undefined): T[] | undefined {
  return value ? value.split(',').map((v) => v.trim().toUpperCase() as T) : undefined;
}

function summary(i: Incident): string {
  return `#${i.id} ${statusLabel(i.status)} ${urgencyLabel(i.urgency)} ${chalk.bold(i.title)} (${i.serviceSlug})`;
}

export function report(result: CommandResult, verb: string, opts: ActOpts, now: Date): void {
  if (opts.json) return printJson({ ...incidentJson(result.incident), changed: result.changed, message: result.reason ?? null });
  if (result.changed) print(chalk.green(`Incident #${result.incident.id} ${verb}.`));
  else print(chalk.yellow(result.explain?.(cliTimePhrase(now)) ?? result.reason ?? 'Nothing changed.'));
  print(summary(result.incident));
}

export async function triggerIncident(opts: {
  title: string;
  service: string;
  urgency: string;
  description?: string;
  component?: string[];
  dedupKey?: string;
  assignee?: string;
  as?: string;
  json?: boolean;
}): Promise<void> {
  await withCore((core) => {
    const r = core.incidents.trigger(
      {
        title: opts.title,
        serviceSlug: opts.service,
        urgency: opts.urgency.toUpperCase() as Urgency,
        description: opts.description ?? null,
        components: opts.component ?? [],
        dedupKey: opts.dedupKey ?? null,
        assignee: opts.assignee ?? null,
      },
      cliActor(core, opts.as),
      'cli',
    );
    if (opts.json) return printJson({ ...incidentJson(r.incident), deduplicated: !r.created });
    print(
      r.created
        ? chalk.green(`Incident #${r.incident.id} opened.`)
        : chalk.yellow(`Folded into open incident #${r.incident.id} (same dedup key; ${r.incident.triggerCount} triggers).`),
    );
    print(summary(r.incident));
  });
}

export async function listIncidents(opts: {
  status?: string;
  service?: string;
  urgency?: string;
  limit: string;
  json?: boolean;
}): Promise<void> {
  const status = parseList<IncidentStatus>(opts.status);
  const urgency = parseList<Urgency>(opts.urgency);
  const limit = parseIntOption(opts.limit) ?? 50;
  await withCore((core) => {
    const { incidents, total } = core.incidents.list({ status, urgency, serviceSlug: opts.service, limit, offset: 0 });
    if (opts.json) return printJson({ incidents: incidents.map(incidentJson), total });
    if (!incidents.length) return print('No incidents match.');
    print(
      table(
        ['#', 'STATUS', 'URGENCY', 'SERVICE', 'TRIGGERED', 'TITLE'],
        incidents.map((i) => [`#${i.id}`, statusLabel(i.status), urgencyLabel(i.urgency), i.serviceSlug, when(i.triggeredAt, core.clock.now()), i.title]),
      ),
    );
    if (total > incidents.length) print(chalk.dim(`… ${total - incidents.length} more; use --limit or filters.`));
  });
}

export async function showIncident(id: string, opts: { json?: boolean }): Promise<void> {
  await withCore((core) => {
    const { incident: i, timeline } = core.incidents.get(parseIncidentId(id));
    const changes = core.changes.forIncident(i);
    if (opts.json) return printJson({ ...incidentJson(i), recent_changes: changes.map(changeJson), events: timeline.map(timelineEventJson) });
    const now = core.clock.now();
    print(summary(i));
    if (i.description) print(`\n${i.description}\n`);
    const received = i.createdAt.getTime() !== i.triggeredAt.getTime() ? `, received ${relativeTime(i.createdAt.getTime(), now.getTime())}` : '';
    const counts = i.context.alertCounts;
    const facts: [string, string | null][] = [
      ['Triggered', `${when(i.triggeredAt, now)}${received}`],
      ['Alerts', counts ? `${counts.firing} firing, Alertmanager sent ${counts.sent} — raise max_alerts` : null],
      ['Components', i.components.join(', ') || null],
      ['Assignee', i.assignee],
      ['Dedup key', i.dedupKey],
      ['Triggers', i.triggerCount > 1 ? String(i.triggerCount) : null],
      ['Acknowledged', i.acknowledgedAt ? `${when(i.acknowledgedAt, now)} by ${i.acknowledgedBy?.name ?? 'someone'}` : null],
      ['Snoozed until', i.snoozedUntil ? cliTimePhrase(now)(i.snoozedUntil, 'until').replace(/^until /, '') : null],
      ['Resolved', i.resolvedAt ? `${when(i.resolvedAt, now)} by ${i.resolvedBy?.name ?? 'someone'}` : null],
      ['Resolution', i.resolutionNote],
    ];
    for (const [k, v] of facts) if (v) print(`${chalk.dim(k.padEnd(14))}${v}`);
    printContext(i, changes, now);
    print(`\n${chalk.bold('Timeline')}`);
    for (const e of timeline) {
      const extra = typeof e.details.note === 'string' ? ` — ${e.details.note}` : typeof e.details.text === 'string' ? ` — ${e.details.text}` : '';
      print(`  ${when(e.at, now).padEnd(28)} ${e.type.padEnd(13)} ${e.actor.name} via ${e.source}${extra}`);
    }
  });
}

/** Links, labels, details and recent changes: compact, one line each. */
function printContext(i: Incident, changes: ChangeEvent[], now: Date): void {
  const { links, labels, details } = i.context;
  if (links.length) {
    print(`\n${chalk.bold('Links')}`);
    for (const l of links) print(`  ${l.text.padEnd(12)} ${l.href}`);
  }
  const labelKeys = Object.keys(labels).sort();
  if (labelKeys.length) print(`\n${chalk.bold('Labels')}  ${labelKeys.map((k) => chalk.cyan(`${k}=${labels[k]}`)).join('  ')}`);
  const detailKeys = Object.keys(details);
  if (detailKeys.length) {
    print(`\n${chalk.bold('Details')}`);
    for (const k of detailKeys) {
      const v = details[k]!;
      if (v.includes('\n')) print(`  ${k}:\n${v.split('\n').map((line) => `    ${line}`).join('\n')}`);
      else print(`  ${k}: ${v}`);
    }
  }
  if (changes.length) {
    print(`\n${chalk.bold('Recent changes')}`);
    for (const c of changes) print(`  ${when(c.at, now)}  ${c.summary}${c.source ? ` (${c.source})` : ''}${c.links[0] ? `  ${c.links[0].href}` : ''}`);
  }
}

/** An impossible transition, with its times in this reader's words (not the API's ISO). */
export function readable<T>(work: () => T, now: Date): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof InvalidTransitionError && err.explain) err.message = err.explain(cliTimePhrase(now));
    throw err;
  }
}

export async function ackIncident(id: string, opts: ActOpts): Promise<void> {
  await withCore((core) => {
    const now = core.clock.now();
    report(readable(() => core.incidents.acknowledge(parseIncidentId(id), cliActor(core, opts.as), 'cli'), now), 'acknowledged', opts, now);
  });
}

export async function resolveIncident(id: string, opts: ActOpts & { note?: string }): Promise<void> {
  await withCore((core) => {
    const now = core.clock.now();
    report(readable(() => core.incidents.resolve(parseIncidentId(id), cliActor(core, opts.as), 'cli', opts.note ?? null), now), 'resolved', opts, now);
  });
}

export async function snoozeIncident(id: string, opts: ActOpts & { for?: string; until?: string }): Promise<void> {
  if (!opts.for === !opts.until) throw new UserError('Give either --for <duration> (e.g. 30m, 2h) or --until <ISO time>.', 2);
  let until: Date | null = null;
  if (opts.until) {
    until = new Date(opts.until); // checked while parsing
  }
  await withCore((core) => {
    const incidentId = parseIncidentId(id);
    const actor = cliActor(core, opts.as);
    const now = core.clock.now();
    const r = readable(
      () => (until ? core.incidents.snooze(incidentId, actor, 'cli', until) : core.incidents.snoozeFor(incidentId, actor, 'cli', parseDuration(opts.for!))),
      now,
    );
    report(r, `snoozed ${r.incident.snoozedUntil ? cliTimePhrase(now)(r.incident.snoozedUntil, 'until') : ''}`, opts, now);
  });
}

export async function noteIncident(id: string, words: string[], opts: ActOpts): Promise<void> {
  await withCore((core) => report(core.incidents.addNote(parseIncidentId(id), cliActor(core, opts.as), 'cli', words.join(' ')), 'noted', opts, core.clock.now()));
}
