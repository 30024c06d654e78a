// A Prompter that answers from a script, for testing wizard steps without a terminal.
import type { Choice, Prompter, Validate } from '../../src/cli/prompter.js';

export type Answer = string | boolean | string[] | ((choices: Choice<unknown>[]) => unknown);
export type Script = [RegExp, Answer][];

export class ScriptedPrompter implements Prompter {
  readonly said: string[] = [];
  readonly asked: string[] = [];
  /** Validation messages shown for answers that were refused. */
  readonly refused: string[] = [];

  constructor(private readonly script: Script) {}

  /** The first script entry matching the prompt answers it; when later entries match too, the first
   *  is used up (so a prompt asked again after a refusal gets the next answer). */
  private next(message: string): Answer {
    this.asked.push(message);
    const i = this.script.findIndex(([re]) => re.test(message));
    if (i < 0) throw new Error(`No scripted answer for prompt: ${message}`);
    const answer = this.script[i]![1];
    if (this.script.some(([re], j) => j > i && re.test(message))) this.script.splice(i, 1);
    return answer;
  }

  private async text(message: string, validate?: Validate): Promise<string> {
    for (let i = 0; i < 5; i++) {
      const a = String(this.next(message));
      const ok = validate ? validate(a) : true;
      if (ok === true) return a;
      this.refused.push(ok);
    }
    throw new Error(`Prompt ${message} kept refusing the scripted answers: ${this.refused.join(' | ')}`);
  }

  input(o: { message: string; default?: string; validate?: Validate }) {
    return this.text(o.message, (v) => (o.validate ? o.validate(v === '' && o.default ? o.default : v) : true)).then((v) => (v === '' && o.default ? o.default : v));
  }
  password(o: { message: string; validate?: Validate }) {
    return this.text(o.message, o.validate);
  }
  async confirm(o: { message: string; default?: boolean }) {
    return Boolean(this.next(o.message));
  }
  async select<T>(o: { message: string; choices: Choice<T>[]; default?: T }): Promise<T> {
    const a = this.next(o.message);
    if (typeof a === 'function') return a(o.choices as Choice<unknown>[]) as T;
    const found =
      o.choices.find((c) => c.name === a || String(c.value) === a || c.name.split(' ')[0] === a) ?? o.choices.find((c) => c.name.includes(String(a)));
    if (!found) throw new Error(`No choice ${String(a)} in ${o.message}: ${o.choices.map((c) => c.name).join(', ')}`);
    return found.value;
  }
  async checkbox<T>(o: { message: string; choices: Choice<T>[] }): Promise<T[]> {
    const a = this.next(o.message) as string[];
    return o.choices.filter((c) => a.includes(String(c.value))).map((c) => c.value);
  }
  async spin<T>(text: string, work: () => Promise<T>): Promise<T> {
    this.said.push(text);
    return work();
  }
  say(line = ''): void {
    this.said.push(line);
  }
}
