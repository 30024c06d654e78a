// The only place that talks to @inquirer/prompts (and ora): wizard steps get a Prompter, so tests
// can script the answers.
import { checkbox, confirm, input, password, select } from '@inquirer/prompts';
import ora from 'ora';

export type Validate = (value: string) => true | string;

export interface Choice<T> {
  name: string;
  value: T;
  description?: string;
  checked?: boolean;
}

export interface Prompter {
  input(opts: { message: string; default?: string; validate?: Validate }): Promise<string>;
  /** Masked while typed, never echoed. */
  password(opts: { message: string; validate?: Validate }): Promise<string>;
  confirm(opts: { message: string; default?: boolean }): Promise<boolean>;
  select<T>(opts: { message: string; choices: Choice<T>[]; default?: T }): Promise<T>;
  checkbox<T>(opts: { message: string; choices: Choice<T>[] }): Promise<T[]>;
  /** Runs network work behind a spinner. */
  spin<T>(text: string, work: () => Promise<T>): Promise<T>;
  say(line?: string): void;
}

export class InquirerPrompter implements Prompter {
  input(opts: { message: string; default?: string; validate?: Validate }): Promise<string> {
    return input({ message: opts.message, default: opts.default, validate: opts.validate });
  }

  password(opts: { message: string; validate?: Validate }): Promise<string> {
    return password({ message: opts.message, mask: '*', validate: opts.validate });
  }

  confirm(opts: { message: string; default?: boolean }): Promise<boolean> {
    return confirm(opts);
  }

  select<T>(opts: { message: string; choices: Choice<T>[]; default?: T }): Promise<T> {
    return select({ message: opts.message, choices: opts.choices.map((c) => ({ name: c.name, value: c.value, description: c.description })), default: opts.default, pageSize: 12 });
  }

  checkbox<T>(opts: { message: string; choices: Choice<T>[] }): Promise<T[]> {
    return checkbox({ message: opts.message, choices: opts.choices.map((c) => ({ name: c.name, value: c.value, checked: c.checked })), pageSize: 12 });
  }

  async spin<T>(text: string, work: () => Promise<T>): Promise<T> {
    const spinner = ora({ text, stream: process.stderr }).start();
    try {
      const result = await work();
      spinner.succeed();
      return result;
    } catch (err) {
      spinner.fail();
      throw err;
    }
  }

  say(line = ''): void {
    process.stderr.write(`${line}\n`);
  }
}
