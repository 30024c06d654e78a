// What every command registration module shares: lazy command actions and the options several
// commands take. Registration modules live beside main.ts (not in a subfolder) so their
// `./commands/…` imports stay outside the CLI bundle (esbuild.config.mjs) and resolve from dist/cli.
import { Option } from 'commander';

export type Action = (...args: unknown[]) => Promise<void> | void;

/** Defers importing a command module until the command actually runs, so `--help` stays fast. */
export function lazy(load: () => Promise<Record<string, unknown>>, name: string): Action {
  return async (...args: unknown[]) => {
    const mod = await load();
    await (mod[name] as Action)(...args);
  };
}

export const urgencyOption = () =>
  new Option('-u, --urgency <level>', 'urgency').choices(['high', 'medium', 'low', 'HIGH', 'MEDIUM', 'LOW']);
export const jsonOption = () => new Option('--json', 'print JSON for scripts');
export const workspaceOption = () => new Option('-w, --workspace <team>', 'Slack workspace (team id or name); default: the only one');
export const asOption = () => new Option('--as <email>', 'act as this OpsKnight user (default: you, via the CLI)');
