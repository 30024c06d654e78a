// Tests that read like what a responder does in Slack:
//   const msg = await slack.channel('#payments').expectMessage(/Database Connection Timeout/);
//   await msg.button('Acknowledge').click({ as: 'jane' });
//   await msg.expectThreadReply(/Acknowledged by/);
import { findElement, type DeliveryResult, type ViewInput } from '../../src/sandbox/interactions.js';
import { readableText } from '../../src/sandbox/message-text.js';
import type { Sandbox } from '../../src/sandbox/sandbox.js';
import type { SbMessage } from '../../src/sandbox/world.js';

type Json = Record<string, unknown>;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// How long a test waits for what a person would see. Generous: CI runs the whole suite on a busy
// 2-core machine, and a wait only lasts this long when the thing never comes.
export const PATIENCE_MS = 15_000;

async function eventually<T>(what: string, probe: () => T | undefined | null | false, timeoutMs = PATIENCE_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

export class SlackStory {
  constructor(
    readonly sandbox: Sandbox,
    readonly teamId = 'T0SANDBOX01',
  ) {}

  channel(ref: string): ChannelView {
    const c = this.sandbox.world.findChannel(this.teamId, ref);
    if (!c) throw new Error(`No sandbox channel ${ref}`);
    return new ChannelView(this, c.id);
  }

  userId(name: string): string {
    const u = this.sandbox.world.userByName(this.teamId, name);
    if (!u) throw new Error(`No sandbox user ${name}`);
    return u.id;
  }

  /** Ephemeral messages a user was shown, newest last. */
  ephemeralsFor(name: string): string[] {
    return this.sandbox.world.ephemerals(this.userId(name)).map((m) => readableText(m));
  }

  async expectEphemeral(name: string, pattern: RegExp, timeoutMs = PATIENCE_MS): Promise<string> {
    return eventually(`an ephemeral message to ${name} matching ${pattern}`, () => this.ephemeralsFor(name).find((t) => pattern.test(t)), timeoutMs);
  }

  async slashCommand(text: string, opts: { as?: string; channel?: string } = {}): Promise<DeliveryResult> {
    const channel = this.channel(opts.channel ?? '#incidents').id;
    const [command, ...rest] = text.split(' ');
    return this.sandbox.driver.slashCommand({ channel, userId: this.userId(opts.as ?? 'jane'), command: command!, text: rest.join(' ') });
  }

  async shortcut(callbackId: string, opts: { as?: string } = {}): Promise<DeliveryResult> {
    return this.sandbox.driver.shortcut({ teamId: this.teamId, userId: this.userId(opts.as ?? 'jane'), callbackId });
  }

  /** Direct messages the app sent a person, oldest first. */
  directMessagesTo(name: string): string[] {
    const userId = this.userId(name);
    const dm = [...this.sandbox.world.channels.values()].find((c) => c.isIm && c.teamId === this.teamId && c.members.has(userId));
    return dm ? this.sandbox.world.channelMessages(dm.id).map((m) => readableText(m)) : [];
  }

  async expectDirectMessage(name: string, pattern: RegExp, timeoutMs = PATIENCE_MS): Promise<string> {
    return eventually(`a direct message to ${name} matching ${pattern}`, () => this.directMessagesTo(name).find((t) => pattern.test(t)), timeoutMs);
  }

  /** A message someone writes in a channel. */
  say(channel: string, text: string, opts: { as?: string } = {}): MessageView {
    return new MessageView(this, this.sandbox.world.postAsUser(this.channel(channel).id, this.userId(opts.as ?? 'jane'), text));
  }

  /** The modal a user has open, once it is there. */
  async expectModal(name: string, title: RegExp, timeoutMs = PATIENCE_MS): Promise<ModalView> {
    const userId = this.userId(name);
    const view = await eventually(
      `a modal titled ${title} for ${name}`,
      () =>
        [...this.sandbox.world.views.values()].find(
          (v) => v.userId === userId && !v.closed && title.test(String((v.view.title as Json | undefined)?.text ?? '')),
        ),
      timeoutMs,
    );
    return new ModalView(this, view.id);
  }
}

export class ChannelView {
  constructor(
    private readonly story: SlackStory,
    readonly id: string,
  ) {}

  messages(): MessageView[] {
    return this.story.sandbox.world.channelMessages(this.id).map((m) => new MessageView(this.story, m));
  }

  async expectMessage(pattern: RegExp, timeoutMs = PATIENCE_MS): Promise<MessageView> {
    const m = await eventually(
      `a message in ${this.id} matching ${pattern}`,
      () => this.story.sandbox.world.channelMessages(this.id).find((x) => !x.threadTs && pattern.test(readableText(x))),
      timeoutMs,
    );
    return new MessageView(this.story, m);
  }

  /** Asserts that nothing matching appears for a while. */
  async expectNoMessage(pattern: RegExp, withinMs = 400): Promise<void> {
    await sleep(withinMs);
    const found = this.story.sandbox.world.channelMessages(this.id).find((x) => pattern.test(readableText(x)));
    if (found) throw new Error(`Unexpected message in ${this.id}: ${readableText(found).slice(0, 200)}`);
  }
}

export class MessageView {
  constructor(
    private readonly story: SlackStory,
    readonly message: SbMessage,
  ) {}

  get ts(): string {
    return this.message.ts;
  }

  /** The message as it looks now, frozen: what a second person still sees before Slack redraws it. */
  snapshot(): MessageView {
    return new MessageView(this.story, structuredClone(this.message));
  }

  /** What a reader sees now (the message may have been updated since). */
  get text(): string {
    return readableText(this.message);
  }

  get colour(): string | undefined {
    return ((this.message.attachments ?? [])[0] as Json | undefined)?.color as string | undefined;
  }

  /** Labels of the buttons shown now. */
  buttons(): string[] {
    const out: string[] = [];
    const visit = (blocks: unknown) => {
      for (const b of (blocks ?? []) as Json[]) {
        for (const e of [...((b.elements ?? []) as Json[]), ...(b.accessory ? [b.accessory as Json] : [])]) {
          if (e.type === 'button') out.push(String((e.text as Json).text));
        }
      }
    };
    visit(this.message.blocks);
    for (const a of (this.message.attachments ?? []) as Json[]) visit(a.blocks);
    return out;
  }

  /** A button; one with a confirmation dialog needs `dialog`: which of the dialog's buttons the user presses. */
  button(label: string | RegExp): { click(opts?: { as?: string; dialog?: 'confirm' | 'deny' }): Promise<DeliveryResult> } {
    const actionId = this.findAction((e) => e.type === 'button' && (typeof label === 'string' ? (e.text as Json).text === label : label.test(String((e.text as Json).text))));
    return {
      click: (opts = {}) => this.story.sandbox.driver.act({ message: this.message, userId: this.story.userId(opts.as ?? 'jane'), actionId, dialog: opts.dialog }),
    };
  }

  /** A select or overflow menu on the message; choose an option by its label. */
  menu(placeholder?: RegExp): { choose(option: string | RegExp, opts?: { as?: string }): Promise<DeliveryResult> } {
    const actionId = this.findAction(
      (e) => (e.type === 'static_select' || e.type === 'overflow') && (!placeholder || placeholder.test(String(((e.placeholder as Json | undefined)?.text as string) ?? ''))),
    );
    return {
      choose: (option, opts = {}) => {
        const el = findElement(this.message, actionId)!.element;
        const o = ((el.options ?? []) as Json[]).find((x) => {
          const text = String((x.text as Json).text);
          return typeof option === 'string' ? text === option : option.test(text);
        });
        if (!o) throw new Error(`No option ${option} in menu ${actionId}`);
        return this.story.sandbox.driver.act({ message: this.message, userId: this.story.userId(opts.as ?? 'jane'), actionId, value: String(o.value) });
      },
    };
  }

  /** The message's overflow menu ("⋯"): the labels it offers, and choosing one. */
  overflow(): { options(): string[]; choose(option: string | RegExp, opts?: { as?: string }): Promise<DeliveryResult> } {
    const actionId = this.findAction((e) => e.type === 'overflow');
    const options = () => ((findElement(this.message, actionId)!.element.options ?? []) as Json[]).map((o) => String((o.text as Json).text));
    return {
      options,
      choose: (option, opts = {}) => {
        const el = findElement(this.message, actionId)!.element;
        const o = ((el.options ?? []) as Json[]).find((x) => (typeof option === 'string' ? (x.text as Json).text === option : option.test(String((x.text as Json).text))));
        if (!o) throw new Error(`No option ${option} in the overflow menu; it offers ${options().join(', ')}`);
        return this.story.sandbox.driver.act({ message: this.message, userId: this.story.userId(opts.as ?? 'jane'), actionId, value: String(o.value) });
      },
    };
  }

  /** Someone uses a message shortcut on this message. */
  shortcut(callbackId: string, opts: { as?: string } = {}): Promise<DeliveryResult> {
    return this.story.sandbox.driver.messageShortcut({ message: this.message, userId: this.story.userId(opts.as ?? 'jane'), callbackId });
  }

  /** Someone writes in this message's thread. */
  say(text: string, opts: { as?: string } = {}): MessageView {
    return new MessageView(this.story, this.story.sandbox.world.postAsUser(this.message.channel, this.story.userId(opts.as ?? 'jane'), text, this.message.ts));
  }

  replies(): string[] {
    return this.story.sandbox.world.replies(this.message.channel, this.message.ts).map((m) => readableText(m));
  }

  async expectThreadReply(pattern: RegExp, timeoutMs = PATIENCE_MS): Promise<SbMessage> {
    return eventually(
      `a thread reply matching ${pattern}`,
      () => this.story.sandbox.world.replies(this.message.channel, this.message.ts).find((m) => pattern.test(readableText(m))),
      timeoutMs,
    );
  }

  /** Waits until the message, updated in place, reads as expected. */
  async expectText(pattern: RegExp, timeoutMs = PATIENCE_MS): Promise<void> {
    await eventually(`message ${this.ts} to read ${pattern}`, () => pattern.test(this.text), timeoutMs);
  }

  private findAction(pred: (e: Json) => boolean): string {
    const blocks = [...((this.message.blocks ?? []) as Json[]), ...((this.message.attachments ?? []) as Json[]).flatMap((a) => (a.blocks ?? []) as Json[])];
    for (const b of blocks) {
      for (const e of [...((b.elements ?? []) as Json[]), ...(b.accessory ? [b.accessory as Json] : [])]) {
        if (pred(e)) return String(e.action_id);
      }
    }
    throw new Error(`No such control on message ${this.ts}; buttons: ${this.buttons().join(', ')}`);
  }
}

export class ModalView {
  constructor(
    private readonly story: SlackStory,
    readonly id: string,
  ) {}

  private get view() {
    return this.story.sandbox.world.views.get(this.id)!;
  }

  get closed(): boolean {
    return this.view.closed;
  }

  get errors(): Record<string, string> | undefined {
    return this.view.errors;
  }

  /** Fills inputs by block_id (values for selects are option values) and submits. */
  submit(values: Record<string, ViewInput>): Promise<DeliveryResult> {
    const byBlock: Record<string, Record<string, ViewInput>> = {};
    for (const b of (this.view.view.blocks ?? []) as Json[]) {
      if (b.type !== 'input') continue;
      const actionId = String((b.element as Json).action_id);
      byBlock[String(b.block_id)] = { [actionId]: values[String(b.block_id)] ?? null };
    }
    return this.story.sandbox.driver.submitView(this.view, byBlock);
  }

  close(): Promise<DeliveryResult | null> {
    return this.story.sandbox.driver.closeView(this.view);
  }
}
