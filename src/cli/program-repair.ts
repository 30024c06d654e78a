// Finding and fixing trouble: doctor and resync.
import type { Command } from 'commander';
import { duration, incidentNumber } from './option-values.js';
import { jsonOption, lazy, workspaceOption } from './registration.js';

export function registerRepairCommands(program: Command): void {
  program
    .command('doctor')
    .description('check everything the troubleshooting docs list: credentials, channels, interactivity, clock, attribution, delivery, the daemon')
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .option('--post-test <channel>', "also post a test message in this channel (#name or ID), e.g. --post-test '#incidents'")
    .action(lazy(() => import('./commands/doctor.js'), 'doctorCommand'));

  program
    .command('resync')
    .description('re-render the Slack cards of incidents from stored state (a deleted card is posted again)')
    .option('--incident <n>', 'one incident (42 or #42)', incidentNumber)
    .option('--since <duration>', 'incidents changed in this last while, e.g. 24h', duration)
    .option('--dry-run', 'list the cards that would be re-rendered, change nothing')
    .addOption(jsonOption())
    .action(lazy(() => import('./commands/resync.js'), 'resyncCommand'));
}
