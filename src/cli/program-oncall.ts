// On call: escalation policies and schedules.
import type { Command } from 'commander';
import { isoTime, wholeNumber } from './option-values.js';
import { jsonOption, lazy, workspaceOption } from './registration.js';

export function registerOnCallCommands(program: Command): void {
  const oncall = () => import('./commands/oncall.js');
  const policy = program.command('policy').description('escalation policies: who is paged, in what order, when nobody acknowledges');
  policy
    .command('add <name>')
    .description('add a policy, e.g. policy add primary --step 0:schedule:primary --step 15:bob@example.com --repeat 1')
    .requiredOption('--step <minutes:targets...>', 'a step: minutes after the previous one, then targets (e-mails or schedule:<name>), comma-separated')
    .option('--repeat <n>', 'run the steps again this many times', wholeNumber(), '0')
    .addOption(jsonOption())
    .action(lazy(oncall, 'addPolicy'));
  policy.command('show <name>').description('a policy and its steps').addOption(jsonOption()).action(lazy(oncall, 'showPolicy'));
  policy.command('list').description('policies').addOption(jsonOption()).action(lazy(oncall, 'listPolicies'));
  policy.command('remove <name>').description('remove a policy no service uses').action(lazy(oncall, 'removePolicy'));

  const schedule = program.command('schedule').description('on-call schedules: rotations, overrides, who is on call');
  schedule
    .command('add <name>')
    .description('add a rotation, e.g. schedule add primary --tz Europe/London --users a@x.com,b@x.com --start 2026-12-01 --handoff 09:00 --length weekly')
    .requiredOption('--tz <zone>', 'IANA time zone, e.g. Europe/London')
    .requiredOption('--users <emails>', 'the rotation, in order, comma-separated')
    .requiredOption('--start <date>', 'first handoff date, YYYY-MM-DD')
    .option('--handoff <time>', 'local handoff time, HH:MM', '09:00')
    .option('--length <length>', 'daily, weekly, or hours like 12h', 'weekly')
    .addOption(jsonOption())
    .action(lazy(oncall, 'addSchedule'));
  schedule.command('show <name>').description('a schedule, its overrides and who is on call').addOption(jsonOption()).action(lazy(oncall, 'showSchedule'));
  schedule.command('list').description('schedules').addOption(jsonOption()).action(lazy(oncall, 'listSchedules'));
  schedule
    .command('override <name>')
    .description('put someone on call for a time window')
    .requiredOption('--user <email>', 'who')
    .requiredOption('--from <time>', 'start (ISO 8601)', isoTime)
    .requiredOption('--to <time>', 'end (ISO 8601)', isoTime)
    .action(lazy(oncall, 'overrideSchedule'));
  const scheduleSlack = () => import('./commands/schedule-slack.js');
  schedule
    .command('handoff-channel <name> [channel]')
    .description('announce the schedule\'s handoffs in a channel (#name or id) and message the incoming person; --off to stop')
    .option('--off', 'stop announcing')
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(lazy(scheduleSlack, 'scheduleHandoffChannel'));
  schedule
    .command('user-group <name> [group]')
    .description('keep a Slack user group (@handle or id) to whoever is on call, e.g. @oncall-primary; --off to stop')
    .option('--off', 'stop (the group keeps its members)')
    .addOption(workspaceOption())
    .addOption(jsonOption())
    .action(lazy(scheduleSlack, 'scheduleUserGroup'));
  schedule
    .command('oncall')
    .description('who is on call now and at the next handoff, for every schedule and policy')
    .option('--at <time>', 'at another time (ISO 8601)', isoTime)
    .addOption(jsonOption())
    .action(lazy(oncall, 'showOnCall'));
}
