// Attribution: who clicks in Slack is matched to an OpsKnight user by e-mail. Finds Slack users whose
// e-mail is hidden from apps, OpsKnight users with no Slack match, INACTIVE users who clicked
// recently, and e-mails shared by several Slack users.
import type { WebClient } from '@slack/web-api';
import { classifySlackError } from '../slack/errors.js';
import type { DoctorContext, SlackTarget } from './context.js';
import { ok, warn, type Finding } from './finding.js';
import { relativeTime } from '../shared/human-time.js';
import { listSome, plural } from './words.js';

const G = 'attribution';
const RECENT_MS = 7 * 86_400_000;

interface SlackPerson {
  id: string;
  name: string;
  email: string | null;
}

async function slackPeople(client: WebClient): Promise<SlackPerson[]> {
  const out: SlackPerson[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.users.list({ limit: 200, cursor });
    for (const m of page.members ?? []) {
      if (m.is_bot || m.deleted || m.id === 'USLACKBOT') continue;
      out.push({ id: m.id!, name: m.real_name || m.name || m.id!, email: m.profile?.email ?? null });
    }
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return out;
}

function workspaceFindings(ctx: DoctorContext, t: SlackTarget, people: SlackPerson[]): Finding[] {
  const team = t.workspace.teamName;
  const out: Finding[] = [];
  const hidden = people.filter((p) => !p.email);
  if (hidden.length) {
    out.push(
      warn(
        G,
        'Hidden e-mails',
        `${plural(hidden.length, 'Slack user hides', 'Slack users hide')} their e-mail from apps in ${team}: ${listSome(hidden.map((p) => `${p.name} (${p.id})`))}; their clicks cannot be matched to an OpsKnight user`,
        'Ask a Slack admin to let apps see e-mail addresses (Workspace settings → Display email addresses), or have them act through the CLI.',
      ),
    );
  } else out.push(ok(G, 'Hidden e-mails', `every Slack user in ${team} shows their e-mail to apps`));

  const slackEmails = new Map<string, SlackPerson[]>();
  for (const p of people) if (p.email) slackEmails.set(p.email.toLowerCase(), [...(slackEmails.get(p.email.toLowerCase()) ?? []), p]);
  const unmatched = ctx.core.directory.listUsers().filter((u) => u.status === 'ACTIVE' && !slackEmails.has(u.email.toLowerCase()));
  if (unmatched.length) {
    out.push(
      warn(
        G,
        'OpsKnight users',
        `${plural(unmatched.length, 'OpsKnight user has', 'OpsKnight users have')} no Slack match in ${team}: ${listSome(unmatched.map((u) => u.email))}`,
        'Make their OpsKnight e-mail equal to their Slack e-mail: `opsknight-slack user update <email> --email <slack e-mail>` (`opsknight-slack user map` shows each).',
      ),
    );
  } else out.push(ok(G, 'OpsKnight users', `every ACTIVE OpsKnight user has a Slack match in ${team}`));

  const shared = [...slackEmails].filter(([, ps]) => ps.length > 1);
  if (shared.length) {
    out.push(
      warn(
        G,
        'Duplicate e-mails',
        `${listSome(shared.map(([email, ps]) => `${email} (${ps.map((p) => p.id).join(', ')})`))}: several Slack users share an e-mail, so they act as one OpsKnight user`,
        'Give each person their own e-mail in Slack.',
      ),
    );
  }
  return out;
}

function refusedInactive(ctx: DoctorContext): Finding[] {
  if (!ctx.facts) return [];
  const now = ctx.now().getTime();
  const recent = ctx.facts.refused_inactive.filter((r) => now - Date.parse(r.at) <= RECENT_MS);
  if (!recent.length) return [ok(G, 'INACTIVE users', 'no INACTIVE OpsKnight user tried to act in Slack in the last 7 days')];
  return [
    warn(
      G,
      'INACTIVE users',
      `${plural(recent.length, 'INACTIVE OpsKnight user', 'INACTIVE OpsKnight users')} tried to act in Slack and ${recent.length === 1 ? 'was' : 'were'} refused: ${listSome(recent.map((r) => `${r.email} (${relativeTime(Date.parse(r.at), now)})`))}`,
      `If they respond to incidents, reactivate them: \`opsknight-slack user update ${recent[0]!.email} --activate\`.`,
    ),
  ];
}

export async function attributionCheck(ctx: DoctorContext): Promise<Finding[]> {
  const out: Finding[] = [];
  for (const t of ctx.targets) {
    if (!t.scopes.includes('users:read.email') || !t.scopes.includes('users:read')) {
      out.push(warn(G, 'E-mails', `${t.workspace.teamName}: e-mails cannot be read without users:read and users:read.email`, 'Add the scopes and reinstall the app (see Credentials).'));
      continue;
    }
    try {
      out.push(...workspaceFindings(ctx, t, await slackPeople(t.client)));
    } catch (err) {
      out.push(warn(G, 'Slack users', `${t.workspace.teamName}: users.list failed (${classifySlackError(err).error})`, 'Run doctor again; if it persists, check the daemon log.'));
    }
  }
  return [...out, ...refusedInactive(ctx)];
}
