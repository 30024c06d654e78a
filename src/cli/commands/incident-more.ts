// The card's "More actions" from the CLI: reassign, unacknowledge, reopen, change urgency, escalate now.
import type { Urgency } from '../../domain/model.js';
import { UserError } from '../errors.js';
import { cliActor, parseIncidentId, withCore } from '../context.js';
import { readable, report, type ActOpts } from './incident.js';

export async function reassignIncident(id: string, email: string, opts: ActOpts): Promise<void> {
  await withCore((core) => {
    const user = core.directory.findUserByEmail(email);
    if (!user) throw new UserError(`No user with e-mail ${email}: add one with \`opsknight-slack user add\`.`);
    const now = core.clock.now();
    const r = readable(() => core.incidents.reassign(parseIncidentId(id), cliActor(core, opts.as), 'cli', { name: user.name, userId: user.id }), now);
    report(r, `assigned to ${user.name}`, opts, now);
  });
}

export async function unackIncident(id: string, opts: ActOpts): Promise<void> {
  await withCore((core) => {
    const now = core.clock.now();
    report(readable(() => core.incidents.unacknowledge(parseIncidentId(id), cliActor(core, opts.as), 'cli'), now), 'unacknowledged: open again', opts, now);
  });
}

export async function reopenIncident(id: string, opts: ActOpts): Promise<void> {
  await withCore((core) => {
    const now = core.clock.now();
    report(readable(() => core.incidents.reopen(parseIncidentId(id), cliActor(core, opts.as), 'cli'), now), 'reopened', opts, now);
  });
}

export async function urgencyIncident(id: string, level: string, opts: ActOpts): Promise<void> {
  await withCore((core) => {
    const urgency = level.toUpperCase() as Urgency; // checked while parsing
    const now = core.clock.now();
    report(readable(() => core.incidents.changeUrgency(parseIncidentId(id), cliActor(core, opts.as), 'cli', urgency), now), `now ${urgency} urgency`, opts, now);
  });
}

export async function escalateIncident(id: string, opts: ActOpts): Promise<void> {
  await withCore((core) => {
    const now = core.clock.now();
    report(readable(() => core.timers.escalateNow(parseIncidentId(id), cliActor(core, opts.as), 'cli'), now), 'escalated: the next step was paged', opts, now);
  });
}
