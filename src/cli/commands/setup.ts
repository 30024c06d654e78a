import { InquirerPrompter } from '../prompter.js';
import { UserError } from '../errors.js';
import { withCore } from '../context.js';
import { SetupError, type SetupOptions } from '../wizard/context.js';
import { runSetup } from '../wizard/run-setup.js';

export async function setupCommand(opts: SetupOptions): Promise<void> {
  await withCore(async (core) => {
    try {
      await runSetup(core, new InquirerPrompter(), opts, process.env);
    } catch (err) {
      if (err instanceof SetupError) throw new UserError(`${err.message}\nNothing was saved.`);
      if ((err as Error).name === 'ExitPromptError') throw new UserError('Setup cancelled; nothing was saved.', 130);
      throw err;
    }
  });
}
