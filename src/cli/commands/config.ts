import { randomBytes } from 'node:crypto';
import { API_TOKEN_SETTING } from '../../daemon/api-token.js';
import { UserError } from '../errors.js';
import { withCore } from '../context.js';
import { print, printJson } from '../output.js';

export async function showToken(): Promise<void> {
  if (process.env.OPSKNIGHT_API_TOKEN) {
    print('The API token comes from OPSKNIGHT_API_TOKEN in your environment.');
    return;
  }
  await withCore((core) => {
    const token = core.settings.get(API_TOKEN_SETTING);
    if (!token) throw new UserError('No API token yet: `opsknight-slack serve` generates one on its first start.');
    // Printed on request only, on stdout, so it can be captured: `TOKEN=$(opsknight-slack config show-token)`.
    print(token);
  });
}

export async function rotateToken(): Promise<void> {
  await withCore((core) => {
    core.settings.set(API_TOKEN_SETTING, `okn_${randomBytes(24).toString('base64url')}`, { secret: true });
    const note = process.env.OPSKNIGHT_API_TOKEN ? ' (A running daemon started with OPSKNIGHT_API_TOKEN keeps using that one.)' : '';
    print(`A new API token is stored; a running \`serve\` uses it within a second, and the old one stops working. Read it with \`opsknight-slack config show-token\`.${note}`);
  });
}

export async function rotateLinkKey(): Promise<void> {
  const { rotateLinkKey: rotate } = await import('../../daemon/secrets-config.js');
  await withCore((core) => {
    rotate(core.settings);
    print('A new link key is stored: every incident page link made before stops working (a running `serve` within a second). The View buttons of messages posted from now on carry fresh links.');
  });
}

export async function showPaths(opts: { json?: boolean }): Promise<void> {
  const { resolvePaths } = await import('../../config/paths.js');
  const p = resolvePaths(process.env);
  if (opts.json) return printJson({ home: p.home, database: p.databaseLabel, key_file: p.keyFile });
  print(`Data folder: ${p.home}\nDatabase:    ${p.databaseLabel}\nKey file:    ${p.keyFile}${process.env.OPSKNIGHT_SECRET_KEY ? ' (not used: OPSKNIGHT_SECRET_KEY is set)' : ''}`);
}
