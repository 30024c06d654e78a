// Block Kit validation with Slack's limits (https://docs.slack.dev/reference/block-kit/blocks and
// the pages of each block and element linked there). Each problem is reported the way Slack words it: "[ERROR] <what> [json-pointer:/blocks/0/text/text]".

type Json = Record<string, unknown>;

export interface BlockProblem {
  pointer: string;
  message: string;
}

export const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  actionId: 255,
  blockId: 255,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  overflowOptions: 5,
  overflowMinOptions: 2,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  placeholder: 150,
  markdownBlock: 12000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  callbackId: 255,
  attachments: 100,
  messageText: 40000,
  updateText: 4000,
} as const;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

class Checker {
  readonly problems: BlockProblem[] = [];
  fail(pointer: string, message: string): void {
    this.problems.push({ pointer, message });
  }
  maxLen(value: unknown, max: number, pointer: string): void {
    if (typeof value === 'string' && value.length > max) this.fail(pointer, `must be less than ${max + 1} characters`);
  }

  text(value: unknown, pointer: string, opts: { max: number; plainOnly?: boolean; required?: boolean }): void {
    if (value === undefined) {
      if (opts.required) this.fail(pointer, 'must provide an object');
      return;
    }
    if (!isObj(value)) return this.fail(pointer, 'must provide an object');
    const type = value.type;
    if (type !== 'plain_text' && type !== 'mrkdwn') return this.fail(`${pointer}/type`, 'must be a valid enum value');
    if (opts.plainOnly && type !== 'plain_text') return this.fail(`${pointer}/type`, 'must be plain_text');
    const t = str(value.text);
    if (t === undefined) return this.fail(`${pointer}/text`, 'must provide a string');
    if (t.length < 1) return this.fail(`${pointer}/text`, 'must be more than 0 characters');
    this.maxLen(t, opts.max, `${pointer}/text`);
  }

  option(o: unknown, pointer: string): void {
    if (!isObj(o)) return this.fail(pointer, 'must provide an object');
    this.text(o.text, `${pointer}/text`, { max: LIMITS.optionText, required: true });
    if (typeof o.value !== 'string') this.fail(`${pointer}/value`, 'must provide a string');
    else this.maxLen(o.value, LIMITS.optionValue, `${pointer}/value`);
  }

  /** A confirmation dialog object (buttons, menus): text required; title, confirm and deny plain text. */
  confirm(c: unknown, pointer: string): void {
    if (!isObj(c)) return this.fail(pointer, 'must provide an object');
    this.text(c.title, `${pointer}/title`, { max: LIMITS.confirmTitle, plainOnly: true });
    this.text(c.text, `${pointer}/text`, { max: LIMITS.confirmText, required: true });
    this.text(c.confirm, `${pointer}/confirm`, { max: LIMITS.confirmButton, plainOnly: true });
    this.text(c.deny, `${pointer}/deny`, { max: LIMITS.confirmButton, plainOnly: true });
    if (c.style !== undefined && c.style !== 'primary' && c.style !== 'danger') this.fail(`${pointer}/style`, 'must be a valid enum value');
  }

  element(e: unknown, pointer: string): void {
    if (!isObj(e)) return this.fail(pointer, 'must provide an object');
    if (e.action_id !== undefined) this.maxLen(e.action_id, LIMITS.actionId, `${pointer}/action_id`);
    if (e.confirm !== undefined) this.confirm(e.confirm, `${pointer}/confirm`);
    switch (e.type) {
      case 'button':
        this.text(e.text, `${pointer}/text`, { max: LIMITS.buttonText, plainOnly: true, required: true });
        this.maxLen(e.value, LIMITS.buttonValue, `${pointer}/value`);
        this.maxLen(e.url, LIMITS.url, `${pointer}/url`);
        if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') {
          this.fail(`${pointer}/style`, 'must be a valid enum value');
        }
        break;
      case 'static_select':
      case 'multi_static_select':
        this.staticSelect(e, pointer);
        break;
      case 'overflow':
        this.overflow(e, pointer);
        break;
      case 'plain_text_input':
        this.text(e.placeholder, `${pointer}/placeholder`, { max: LIMITS.placeholder, plainOnly: true });
        break;
      case 'image':
        if (typeof e.image_url !== 'string') this.fail(`${pointer}/image_url`, 'must provide a string');
        if (typeof e.alt_text !== 'string') this.fail(`${pointer}/alt_text`, 'must provide a string');
        break;
      case 'plain_text':
      case 'mrkdwn':
        this.text(e, pointer, { max: LIMITS.sectionText });
        break;
      case 'datepicker':
      case 'timepicker':
      case 'datetimepicker':
      case 'users_select':
      case 'multi_users_select':
      case 'conversations_select':
      case 'channels_select':
      case 'checkboxes':
      case 'radio_buttons':
      case 'number_input':
      case 'email_text_input':
      case 'url_text_input':
        break;
      default:
        this.fail(`${pointer}/type`, 'must be a valid enum value');
    }
  }

  private staticSelect(e: Record<string, unknown>, pointer: string): void {
    this.text(e.placeholder, `${pointer}/placeholder`, { max: LIMITS.placeholder, plainOnly: true });
    const options = e.options ?? e.option_groups;
    if (!Array.isArray(options)) return this.fail(`${pointer}/options`, 'must provide an array');
    if (options.length > LIMITS.selectOptions) this.fail(`${pointer}/options`, `must provide no more than ${LIMITS.selectOptions} items`);
    if (e.options) options.forEach((o, i) => this.option(o, `${pointer}/options/${i}`));
  }

  private overflow(e: Record<string, unknown>, pointer: string): void {
    if (!Array.isArray(e.options)) return this.fail(`${pointer}/options`, 'must provide an array');
    // Slack's reference says "up to five"; Block Kit Builder and the SDK validators want at least two.
    if (e.options.length < LIMITS.overflowMinOptions) this.fail(`${pointer}/options`, `must provide at least ${LIMITS.overflowMinOptions} items`);
    if (e.options.length > LIMITS.overflowOptions) this.fail(`${pointer}/options`, `must provide no more than ${LIMITS.overflowOptions} items`);
    e.options.forEach((o, i) => this.option(o, `${pointer}/options/${i}`));
  }

  private blockId(b: Record<string, unknown>, pointer: string, ids: Set<string>): void {
    if (b.block_id === undefined) return;
    if (typeof b.block_id !== 'string') return this.fail(`${pointer}/block_id`, 'must provide a string');
    this.maxLen(b.block_id, LIMITS.blockId, `${pointer}/block_id`);
    if (ids.has(b.block_id)) this.fail(`${pointer}/block_id`, `duplicate block_id ${b.block_id}`);
    ids.add(b.block_id);
  }

  private section(b: Record<string, unknown>, pointer: string): void {
    if (b.text === undefined && b.fields === undefined) this.fail(pointer, 'must provide text or fields');
    this.text(b.text, `${pointer}/text`, { max: LIMITS.sectionText });
    if (b.fields !== undefined) {
      if (!Array.isArray(b.fields)) this.fail(`${pointer}/fields`, 'must provide an array');
      else {
        if (b.fields.length > LIMITS.sectionFields) this.fail(`${pointer}/fields`, `must provide no more than ${LIMITS.sectionFields} items`);
        b.fields.forEach((f, i) => this.text(f, `${pointer}/fields/${i}`, { max: LIMITS.fieldText, required: true }));
      }
    }
    if (b.accessory !== undefined) this.element(b.accessory, `${pointer}/accessory`);
  }

  /** The elements of a context or actions block: 1 to `max` of them. */
  private elementList(b: Record<string, unknown>, pointer: string, max: number): void {
    if (!Array.isArray(b.elements)) return this.fail(`${pointer}/elements`, 'must provide an array');
    if (b.elements.length < 1) this.fail(`${pointer}/elements`, 'must provide at least 1 items');
    if (b.elements.length > max) this.fail(`${pointer}/elements`, `must provide no more than ${max} items`);
    b.elements.forEach((e, i) => this.element(e, `${pointer}/elements/${i}`));
  }

  block(b: unknown, pointer: string, surface: 'message' | 'modal', ids: Set<string>): void {
    if (!isObj(b)) return this.fail(pointer, 'must provide an object');
    this.blockId(b, pointer, ids);
    switch (b.type) {
      case 'section':
        this.section(b, pointer);
        break;
      case 'header':
        this.text(b.text, `${pointer}/text`, { max: LIMITS.headerText, plainOnly: true, required: true });
        break;
      case 'divider':
        break;
      case 'context':
        this.elementList(b, pointer, LIMITS.contextElements);
        break;
      case 'actions':
        this.elementList(b, pointer, LIMITS.actionsElements);
        break;
      case 'input':
        if (surface === 'message') this.fail(`${pointer}/type`, 'input blocks are only allowed in modals and Home tabs');
        this.text(b.label, `${pointer}/label`, { max: 2000, plainOnly: true, required: true });
        this.element(b.element, `${pointer}/element`);
        break;
      case 'image':
        if (typeof b.image_url !== 'string') this.fail(`${pointer}/image_url`, 'must provide a string');
        if (typeof b.alt_text !== 'string') this.fail(`${pointer}/alt_text`, 'must provide a string');
        break;
      case 'markdown':
        if (typeof b.text !== 'string') this.fail(`${pointer}/text`, 'must provide a string');
        else this.maxLen(b.text, LIMITS.markdownBlock, `${pointer}/text`);
        break;
      case 'rich_text':
        break;
      default:
        this.fail(`${pointer}/type`, 'must be a valid enum value');
    }
  }
}

export function validateBlocks(blocks: unknown, surface: 'message' | 'modal' = 'message'): BlockProblem[] {
  const c = new Checker();
  if (!Array.isArray(blocks)) {
    c.fail('/blocks', 'must provide an array');
    return c.problems;
  }
  const max = surface === 'message' ? LIMITS.messageBlocks : LIMITS.modalBlocks;
  if (blocks.length > max) c.fail('/blocks', `must provide no more than ${max} items`);
  const ids = new Set<string>();
  blocks.forEach((b, i) => c.block(b, `/blocks/${i}`, surface, ids));
  return c.problems;
}

const HEX = /^#(?:[0-9a-f]{2}){3}$/i;

export function validateAttachments(attachments: unknown): BlockProblem[] {
  const c = new Checker();
  if (!Array.isArray(attachments)) {
    c.fail('/attachments', 'must provide an array');
    return c.problems;
  }
  attachments.forEach((a, i) => {
    if (!isObj(a)) return c.fail(`/attachments/${i}`, 'must provide an object');
    if (a.color !== undefined && !(['good', 'warning', 'danger'].includes(String(a.color)) || HEX.test(String(a.color)))) {
      c.fail(`/attachments/${i}/color`, 'must be good, warning, danger or a hex colour');
    }
    if (a.blocks !== undefined) {
      for (const p of validateBlocks(a.blocks, 'message')) c.fail(`/attachments/${i}${p.pointer}`, p.message);
    }
  });
  return c.problems;
}

/** Slack's wording for invalid_blocks answers. */
export function problemMessages(problems: BlockProblem[]): string[] {
  return problems.map((p) => `[ERROR] ${p.message} [json-pointer:${p.pointer}]`);
}

/** The checks a view (modal) must pass for views.open/update/push. */
export function validateView(view: unknown): BlockProblem[] {
  const c = new Checker();
  if (!isObj(view)) {
    c.fail('/view', 'must provide an object');
    return c.problems;
  }
  if (view.type !== 'modal' && view.type !== 'home') c.fail('/view/type', 'must be a valid enum value');
  if (view.type === 'modal') {
    c.text(view.title, '/view/title', { max: LIMITS.modalTitle, plainOnly: true, required: true });
    c.text(view.submit, '/view/submit', { max: LIMITS.modalButton, plainOnly: true });
    c.text(view.close, '/view/close', { max: LIMITS.modalButton, plainOnly: true });
    const hasInput = Array.isArray(view.blocks) && view.blocks.some((b) => isObj(b) && b.type === 'input');
    if (hasInput && view.submit === undefined) c.fail('/view/submit', 'must provide submit when input blocks are present');
  }
  c.maxLen(view.private_metadata, LIMITS.privateMetadata, '/view/private_metadata');
  c.maxLen(view.callback_id, LIMITS.callbackId, '/view/callback_id');
  for (const p of validateBlocks(view.blocks, 'modal')) c.fail(`/view${p.pointer}`, p.message);
  return c.problems;
}
