// Incidents in the local database: trigger, list, show and act on them.
import { Argument, type Command } from 'commander';
import { INCIDENT_STATUSES, URGENCIES } from '../domain/model.js';
import { duration, isoTime, listOf, wholeNumber } from './option-values.js';
import { asOption, jsonOption, lazy, urgencyOption } from './registration.js';

const incidents = () => import('./commands/incident.js');
const incidentMore = () => import('./commands/incident-more.js');

export function registerIncidentCommands(program: Command): void {
  const incident = program.command('incident').description('work with incidents in the local database');
  incident
    .command('trigger')
    .description('open an incident')
    .requiredOption('-t, --title <title>', 'what is wrong')
    .requiredOption('-s, --service <slug>', 'affected service')
    .addOption(urgencyOption().default('high'))
    .option('-d, --description <text>', 'details')
    .option('-c, --component <name...>', 'affected component(s)')
    .option('--dedup-key <key>', 'repeat triggers with this key fold into the open incident')
    .option('--assignee <name>', 'who owns it')
    .addOption(asOption())
    .addOption(jsonOption())
    .action(lazy(incidents, 'triggerIncident'));
  incident
    .command('list')
    .description('list incidents, newest first')
    .option('--status <status>', 'open, acknowledged, snoozed, resolved (comma-separated)', listOf(INCIDENT_STATUSES.map((s) => s.toLowerCase())))
    .option('-s, --service <slug>', 'only this service')
    .option('-u, --urgency <level>', 'high, medium, low (comma-separated)', listOf(URGENCIES.map((u) => u.toLowerCase())))
    .option('--limit <n>', 'at most this many', wholeNumber(1), '50')
    .addOption(jsonOption())
    .action(lazy(incidents, 'listIncidents'));
  incident
    .command('show <id>')
    .description('show an incident and its timeline (id as 42 or #42)')
    .addOption(jsonOption())
    .action(lazy(incidents, 'showIncident'));
  incident
    .command('ack <id>')
    .alias('acknowledge')
    .description('acknowledge an incident')
    .addOption(asOption())
    .addOption(jsonOption())
    .action(lazy(incidents, 'ackIncident'));
  incident
    .command('resolve <id>')
    .description('resolve an incident')
    .option('--note <text>', 'resolution note')
    .addOption(asOption())
    .addOption(jsonOption())
    .action(lazy(incidents, 'resolveIncident'));
  incident
    .command('snooze <id>')
    .description('snooze an incident: --for 30m | 2h | 1h30m, or --until <ISO time>')
    .option('--for <duration>', 'how long, e.g. 30m, 2h, 1h30m', duration)
    .option('--until <time>', 'until this time (ISO 8601)', isoTime)
    .addOption(asOption())
    .addOption(jsonOption())
    .action(lazy(incidents, 'snoozeIncident'));
  incident
    .command('note <id> <text...>')
    .description('add a note to an incident timeline')
    .addOption(asOption())
    .addOption(jsonOption())
    .action(lazy(incidents, 'noteIncident'));
  incident
    .command('reassign <id> <email>')
    .description('assign an incident to an OpsKnight user (by e-mail)')
    .addOption(asOption())
    .addOption(jsonOption())
    .action(lazy(incidentMore, 'reassignIncident'));
  incident
    .command('unack <id>')
    .alias('unacknowledge')
    .description('withdraw the acknowledgement: open again, escalation starts over')
    .addOption(asOption())
    .addOption(jsonOption())
    .action(lazy(incidentMore, 'unackIncident'));
  incident
    .command('reopen <id>')
    .description('reopen a resolved incident (within OPSKNIGHT_REOPEN_WINDOW of its resolution, default 24h)')
    .addOption(asOption())
    .addOption(jsonOption())
    .action(lazy(incidentMore, 'reopenIncident'));
  incident
    .command('urgency <id>')
    .addArgument(new Argument('<level>', 'high, medium or low').choices(['high', 'medium', 'low', 'HIGH', 'MEDIUM', 'LOW']))
    .description('change the urgency: high, medium or low')
    .addOption(asOption())
    .addOption(jsonOption())
    .action(lazy(incidentMore, 'urgencyIncident'));
  incident
    .command('escalate <id>')
    .description('page the next step of the escalation policy now')
    .addOption(asOption())
    .addOption(jsonOption())
    .action(lazy(incidentMore, 'escalateIncident'));
}
