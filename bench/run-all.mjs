// `npm run bench`: runs every benchmark in turn and prints its figures as JSON.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.mjs') && !['run-all.mjs', 'lib.mjs', 'bolt-ack-app.mjs', 'http-floor-app.mjs'].includes(f))
  .filter((f) => !only.length || only.some((o) => f.includes(o)));
let failed = 0;
for (const file of benches) {
  console.log(`\n== ${file}`);
  const r = spawnSync(process.execPath, [`${dir}/${file}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
