import { prepared, type Db } from './db.js';

/** Slack users who acted on incidents without being matched to an OpsKnight user ("via Slack").
 *  The actor is JSON text: rows are narrowed in SQL by a plain LIKE (portable, no JSON functions)
 *  and read in code. */
export function unmappedSlackActors(db: Db): { ref: string; name: string; lastAt: Date }[] {
  const rows = prepared(db, `SELECT actor, at FROM incident_events WHERE actor LIKE '%"ref":"slack:%'`).all() as { actor: string; at: number }[];
  const latest = new Map<string, { ref: string; name: string; lastAt: number }>();
  for (const row of rows) {
    const actor = JSON.parse(row.actor) as { ref?: unknown; name?: unknown; userId?: unknown };
    if (typeof actor.ref !== 'string' || !actor.ref.startsWith('slack:') || actor.userId != null) continue;
    const seen = latest.get(actor.ref);
    if (!seen || row.at >= seen.lastAt) latest.set(actor.ref, { ref: actor.ref, name: String(actor.name ?? ''), lastAt: row.at });
  }
  return [...latest.values()].sort((a, b) => b.lastAt - a.lastAt).map((r) => ({ ...r, lastAt: new Date(r.lastAt) }));
}
