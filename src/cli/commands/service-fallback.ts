// `service fallback [slug]`: where alerts go whose service does not exist (Alertmanager intake).
import { FALLBACK_SERVICE_SETTING, UNROUTED_SERVICE } from '../../intake/fallback.js';
import { withCore } from '../context.js';
import { print, printJson } from '../output.js';

export async function fallbackService(slug: string | undefined, opts: { clear?: boolean; json?: boolean }): Promise<void> {
  await withCore((core) => {
    if (opts.clear) core.settings.delete(FALLBACK_SERVICE_SETTING);
    else if (slug) core.settings.set(FALLBACK_SERVICE_SETTING, core.directory.getService(slug).slug); // must exist
    const current = core.settings.get(FALLBACK_SERVICE_SETTING);
    if (opts.json) return printJson({ fallback_service: current ?? UNROUTED_SERVICE.slug, configured: current !== null });
    print(
      current
        ? `Alerts whose service does not exist go to "${current}" (a receiver's ?fallback_service= overrides it).`
        : `No fallback service is set: such alerts go to "${UNROUTED_SERVICE.slug}", created when first needed. Set one with \`opsknight-slack service fallback <slug>\`.`,
    );
  });
}
