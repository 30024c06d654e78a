// resync: re-renders every card of the chosen incidents from stored state, through the outbox (the
// running daemon delivers them). A card that was deleted or can no longer be edited is posted again
// in its channel with a note (the delivery failure policy's "repost").
import { parseDuration } from '../../domain/duration.js';
import { NotFoundError } from '../../domain/errors.js';
import type { SlackMessageRef } from '../../store/outbox-repo.js';
import { UserError } from '../errors.js';
import { withCore } from '../context.js';
import { chalk, print, printJson } from '../output.js';

export interface ResyncOptions {
  incident?: string;
  since?: string;
  dryRun?: boolean;
  json?: boolean;
}

export async function resyncCommand(opts: ResyncOptions): Promise<void> {
  if (opts.incident !== undefined && opts.since !== undefined) throw new UserError('Choose either --incident N or --since <duration>, not both.');
  if (opts.incident === undefined && opts.since === undefined) {
    throw new UserError('Say which cards to re-render: --incident N (one incident) or --since 24h (incidents changed in the last 24 hours).');
  }
  await withCore((core) => {
    const now = core.clock.now().getTime();
    let ids: number[];
    if (opts.incident !== undefined) {
      const id = Number(opts.incident);
      try {
        core.incidents.get(id);
      } catch (err) {
        if (err instanceof NotFoundError) throw new UserError(`There is no incident #${id}: see \`opsknight-slack incident list\`.`);
        throw err;
      }
      ids = [id];
    } else {
      ids = core.outbox.incidentsWithCardsChangedSince(now - parseDuration(opts.since!));
    }
    const cards = core.outbox.cardsOf(ids);
    if (!opts.dryRun) core.db.transaction(() => cards.forEach((c) => core.outbox.resyncCard(c, now)))();
    if (opts.json) {
      printJson({
        dry_run: Boolean(opts.dryRun),
        cards: cards.map((c) => ({ incident_id: c.incidentId, team_id: c.teamId, channel_id: c.channelId, ts: c.ts })),
      });
      return;
    }
    const where = (c: SlackMessageRef) => {
      const name = core.workspaces.channelName(c.teamId, c.channelId);
      return name ? `#${name}` : c.channelId;
    };
    if (cards.length === 0) {
      print(opts.incident !== undefined ? `Incident #${opts.incident} has no card in Slack.` : `No incident with a card in Slack changed in the last ${opts.since}.`);
      return;
    }
    for (const c of cards) print(`  #${c.incidentId} in ${where(c)}${c.ts ? '' : chalk.dim(' (not posted yet)')}`);
    print(
      opts.dryRun
        ? `Would re-render ${cards.length} card${cards.length === 1 ? '' : 's'}. Run again without --dry-run to do it.`
        : chalk.green(`Queued ${cards.length} card${cards.length === 1 ? '' : 's'} to re-render; the running daemon updates them (a deleted card is posted again).`),
    );
  });
}
