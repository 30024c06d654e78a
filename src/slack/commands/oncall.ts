// /opsknight oncall: who is on call now, or plainly that no schedule is set up.
import type { SlackDeps } from '../interactions/context.js';

export function oncallCommand(deps: SlackDeps) {
  const answer = deps.onCall?.() ?? null;
  return {
    response_type: 'ephemeral',
    text: answer ?? 'No on-call schedule is set up yet, so nobody is on call in OpsKnight. An admin can add one with `opsknight-slack schedule add`.',
  };
}
