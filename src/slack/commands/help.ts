// /opsknight help, and the answer to an unknown subcommand.
export const SUBCOMMANDS: [string, string][] = [
  ['incidents', 'List open incidents, most urgent first, with their buttons'],
  ['oncall', 'Who is on call now'],
  ['status', 'Counts by status and urgency, the oldest unacknowledged, and Slack delivery health'],
  ['create', 'Open the Create Incident form'],
  ['resolve <number> [note]', 'Resolve an incident without the form'],
  ['channel <number>', 'Open a channel for the incident: the on-call, you and its pinned card'],
  ['help', 'This list'],
];

export function helpCommand(command: string, unknown?: string) {
  const list = SUBCOMMANDS.map(([name, what]) => `• \`${command} ${name}\` — ${what}`).join('\n');
  const intro = unknown ? `I don't know \`${command} ${unknown.replace(/[&<>`]/g, '')}\`. These exist:` : '*OpsKnight commands*';
  return { response_type: 'ephemeral', text: `${intro}\n${list}` };
}
