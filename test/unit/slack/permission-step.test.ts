// Every Slack handler that changes incidents gets its actor from the one permission step
// (InteractionContext.actor / authorize(incidentId), or actorForMany(ids)): viewers, other teams and unmapped
// users are refused there, so a new card action that skipped it would act for anyone.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';

/** IncidentService methods that only read; any other call changes an incident. */
const READS = new Set(['get', 'list', 'findUnresolvedByDedupKey', 'nextSnoozeEnd', 'subscribe']);
const DIRS = ['src/slack/interactions', 'src/slack/commands'];

it('every Slack handler that changes an incident goes through ctx.actor(incidentId), ctx.authorize(incidentId) or ctx.actorForMany(ids)', () => {
  const skipped: string[] = [];
  let changing = 0;
  for (const dir of DIRS) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(join(dir, file), 'utf8');
      const changes = [...source.matchAll(/\bincidents\.(\w+)\(/g)].map((m) => m[1]!).filter((m) => !READS.has(m));
      if (!changes.length) continue;
      changing++;
      if (!/\b(?:ctx|this)\.(?:actor|actorForMany|authorize)\(/.test(source)) skipped.push(`${dir}/${file} (${changes.join(', ')})`);
    }
  }
  expect(changing).toBeGreaterThan(5);
  expect(skipped).toEqual([]);
});
