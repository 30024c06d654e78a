// "Who is on call" in Slack mrkdwn, for /opsknight oncall; null when no schedule or policy exists.
import type { OnCallDirectory } from '../domain/oncall-directory.js';
import { dateToken } from '../slack/render/text.js';

export function describeOnCall(answer: ReturnType<OnCallDirectory['onCall']>): string | null {
  if (!answer.schedules.length && !answer.policies.length) return null;
  const lines = ['*On call now*'];
  for (const s of answer.schedules) {
    lines.push(
      `• *${s.schedule}*: ${s.now.name ?? 'nobody yet'}${s.now.viaOverride ? ' (override)' : ''} until ${dateToken(s.now.until, '{date_short_pretty} {time}')}, then ${s.next.name ?? 'nobody'}`,
    );
    if (s.handoffs.length) lines.push(`   next handoffs: ${s.handoffs.map((h) => `${dateToken(h.at, '{date_short_pretty} {time}')} → ${h.name ?? 'nobody'}`).join(' · ')}`);
  }
  if (!answer.schedules.length) lines.push('No on-call schedule is set up.');
  for (const p of answer.policies) {
    lines.push(`• Policy *${p.policy}*${p.services.length ? ` (${p.services.join(', ')})` : ''}: pages ${p.firstStep.join(', ')} first`);
  }
  return lines.join('\n');
}
