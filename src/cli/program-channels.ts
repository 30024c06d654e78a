// Where incidents are posted: channels, routes, subscriptions, and a test post.
import type { Command } from 'commander';
import { URGENCIES } from '../domain/model.js';
import { listOf } from './option-values.js';
import { jsonOption, lazy, urgencyOption, workspaceOption } from './registration.js';

const channels = () => import('./commands/channels.js');
const subscriptions = () => import('./commands/channel-subscriptions.js');
const testChannel = () => import('./commands/test-channel.js');

export function registerChannelCommands(program: Command): void {
  const ch = program.command('channels').description('where incidents are posted: default channel, per-service and per-urgency routes');
  ch.command('list').description('channels the bot can see').addOption(workspaceOption()).addOption(jsonOption()).action(lazy(channels, 'listChannelsCommand'));
  ch.command('default <channel>')
    .description('set the default channel (#name or ID)')
    .addOption(workspaceOption())
    .action(lazy(channels, 'setDefaultChannel'));
  ch.command('route <channel>')
    .description('route a service, an urgency, or both to a channel (#name or ID)')
    .option('-s, --service <slug>', 'service')
    .addOption(urgencyOption())
    .addOption(workspaceOption())
    .action(lazy(channels, 'addRoute'));
  ch.command('unroute')
    .description('remove a route')
    .option('-s, --service <slug>', 'service')
    .addOption(urgencyOption())
    .addOption(workspaceOption())
    .action(lazy(channels, 'removeRoute'));
  ch.command('routes').description('the routing table').addOption(workspaceOption()).addOption(jsonOption()).action(lazy(channels, 'showRoutes'));
  ch.command('subscribe <channel>')
    .description('give a channel its own card of every incident of these services and/or urgencies (none: every incident)')
    .option('-s, --service <slugs>', 'services, comma-separated (default: any)')
    .option('-u, --urgency <levels>', 'urgencies, comma-separated (default: any)', listOf(URGENCIES.map((u) => u.toLowerCase())))
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(lazy(subscriptions, 'subscribeChannel'));
  ch.command('unsubscribe <channel>')
    .description("remove a channel's subscription (its routes stay)")
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(lazy(subscriptions, 'unsubscribeChannel'));
  ch.command('explain [incident]')
    .description('every channel an incident (or a service and urgency) would reach, and why')
    .option('-s, --service <slug>', 'service')
    .addOption(urgencyOption())
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(lazy(subscriptions, 'explainChannels'));

  program
    .command('test-channel <channel>')
    .description('post a test message in a channel (#name or ID) through the delivery path, and explain any failure')
    .addOption(workspaceOption())
    .action(lazy(testChannel, 'testChannel'));
}
