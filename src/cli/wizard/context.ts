import type { Core } from '../../daemon/container.js';
import type { Prompter } from '../prompter.js';
import type { SetupPlan } from './plan.js';

export interface SetupOptions {
  yes?: boolean;
  url?: string;
  name?: string;
  socketMode?: boolean;
  manifestOut?: string;
  clientId?: string;
  clientSecret?: string;
  signingSecret?: string;
  botToken?: string;
  appToken?: string;
  defaultChannel?: string;
  testMessage?: boolean;
  events?: string;
  urgencyFilter?: string;
  route?: string[];
  urgencyRoute?: string[];
}

export interface WizardContext {
  core: Core;
  prompter: Prompter;
  opts: SetupOptions;
  env: NodeJS.ProcessEnv;
  plan: SetupPlan;
  /** False with --yes: nothing is asked; every value comes from flags, environment or stored settings. */
  interactive: boolean;
}

export class SetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetupError';
  }
}
