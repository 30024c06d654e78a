import { writeFileSync } from 'node:fs';
import { ManifestError, checkPublicUrl, createAppLink, formatManifest, renderManifest } from '../../slack/manifest.js';
import { UserError } from '../errors.js';
import { chalk } from '../output.js';

export async function manifestCommand(opts: { url?: string; name?: string; socketMode?: boolean; format: 'json' | 'yaml'; out?: string }): Promise<void> {
  const url = opts.url ?? process.env.OPSKNIGHT_URL;
  if (!url) throw new UserError('Give the public URL Slack will call: --url https://ops.example.com (or set OPSKNIGHT_URL).', 2);
  try {
    const checked = checkPublicUrl(url, opts.socketMode);
    for (const w of checked.warnings) process.stderr.write(`${chalk.yellow('Warning:')} ${w}\n`);
    const manifest = renderManifest({ url: checked.url, name: opts.name, socketMode: opts.socketMode });
    const text = formatManifest(manifest, opts.format);
    if (opts.out) {
      writeFileSync(opts.out, text);
      process.stderr.write(`Manifest written to ${opts.out}\n`);
    } else {
      process.stdout.write(text);
    }
    process.stderr.write(`\nCreate the app in one click (sign in to Slack first):\n  ${createAppLink(manifest)}\n`);
  } catch (err) {
    if (err instanceof ManifestError) throw new UserError(err.message);
    throw err;
  }
}
