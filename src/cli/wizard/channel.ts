// Step 5: the default channel, from conversations.list (public and private, all pages, archived
// excluded); optionally a test message there.
import { listChannels, type ChannelInfo } from '../../slack/channels.js';
import { classifySlackError, explainSlackError } from '../../slack/errors.js';
import { chalk } from '../output.js';
import { SetupError, type WizardContext } from './context.js';

export function findChannel(channels: ChannelInfo[], ref: string): ChannelInfo | undefined {
  const name = ref.replace(/^#/, '');
  return channels.find((c) => c.id === ref || c.name === name);
}

export async function chooseDefaultChannel(ctx: WizardContext): Promise<ChannelInfo[]> {
  const { prompter, plan } = ctx;
  if (ctx.interactive) prompter.say(chalk.bold('\n5. Default channel'));
  const client = ctx.core.slackClient(plan.botToken);
  const channels = await prompter.spin('Listing channels the bot can see (conversations.list)', () => listChannels(client));
  plan.channelNames = channels.map((c) => ({ id: c.id, name: c.name, isPrivate: c.isPrivate }));
  const current = ctx.core.workspaces.get(plan.workspace!.teamId)?.defaultChannel ?? undefined;
  let chosen: ChannelInfo | undefined;
  if (ctx.opts.defaultChannel) {
    chosen = findChannel(channels, ctx.opts.defaultChannel);
    if (!chosen) throw new SetupError(`The bot cannot see ${ctx.opts.defaultChannel}. A private channel appears only once the bot is invited (/invite @OpsKnight); archived channels cannot be used.`);
  } else if (!ctx.interactive) {
    chosen = channels.find((c) => c.id === current);
    if (!chosen) throw new SetupError('No default channel: pass --default-channel "#incidents".');
  } else {
    prompter.say('Private channels are listed only once the bot is invited: in Slack, type /invite @OpsKnight in the channel, then run setup again.');
    const id = await prompter.select({
      message: 'Default channel for incident notifications',
      choices: channels.map((c) => ({ name: `${c.isPrivate ? '🔒' : '#'}${c.name}${c.isMember || c.isPrivate ? '' : ' (bot posts without joining)'}`, value: c.id })),
      default: current,
    });
    chosen = channels.find((c) => c.id === id);
  }
  plan.defaultChannel = { id: chosen!.id, name: chosen!.name, isPrivate: chosen!.isPrivate };

  const send = ctx.opts.testMessage ?? (ctx.interactive ? await prompter.confirm({ message: `Send a test message to #${chosen!.name}?`, default: true }) : false);
  if (send) {
    try {
      await prompter.spin(`Posting a test message in #${chosen!.name}`, () =>
        client.chat.postMessage({ channel: chosen!.id, text: ':white_check_mark: OpsKnight is connected: incident notifications will appear here.' }),
      );
    } catch (err) {
      const f = classifySlackError(err);
      const words = explainSlackError(f.error, { channel: `#${chosen!.name}` });
      if (!ctx.interactive) throw new SetupError(`The test message failed (${f.error}): ${words}`);
      prompter.say(chalk.yellow(`The test message failed (${f.error}): ${words}`));
    }
  }
  return channels;
}
