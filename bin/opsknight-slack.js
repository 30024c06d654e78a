#!/usr/bin/env node
// Shim: the real entry point is compiled to dist/ by `npm install` (prepare) or `npm run build`.
// CommonJS (bin/package.json) requiring a bundled entry, so a command starts without loading Node's
// ES module machinery first; the command modules it imports are ES modules.
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- this shim is CommonJS on purpose (above)
  require('../dist/cli/main.cjs');
} catch (err) {
  if (err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.cjs')) {
    console.error('opsknight-slack is not built yet: run `npm run build` in its folder.');
    process.exit(1);
  }
  throw err;
}
