#!/usr/bin/env node
// Shim: the real entry point is compiled to dist/ by `npm install` (prepare) or `npm run build`.
import('../dist/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
    console.error('opsknight-slack is not built yet: run `npm run build` in its folder.');
    process.exit(1);
  }
  throw err;
});
