// This build's version, from package.json (src/ and dist/ sit at the same depth below it).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const VERSION: string = (require('../../package.json') as { version: string }).version;
