import { prepared, type Db } from './db.js';

/** Slack users who acted on incidents without being matched to an OpsKnight user ("via Slack"). */
export function unmappedSlackActors(db: Db): { ref: string; name: string; lastAt: Date }[] {
  const rows = prepared(
    db,
    `SELECT json_extract(actor, '$.ref') AS ref, json_extract(actor, '$.name') AS name, max(at) AS last_at
     FROM incident_events
     WHERE json_extract(actor, '$.ref') LIKE 'slack:%' AND json_extract(actor, '$.userId') IS NULL
     GROUP BY ref ORDER BY last_at DESC`,
  ).all() as { ref: string; name: string; last_at: number }[];
  return rows.map((r) => ({ ref: r.ref, name: r.name, lastAt: new Date(r.last_at) }));
}
