// The scheduler's task that archives incident channels N hours after their incident was resolved:
// it queues the archive in the outbox (idempotent: a queued channel is not queued again).
import type { Clock } from '../../domain/ports.js';
import type { Db } from '../../store/db.js';
import type { OutboxRepo } from '../../store/outbox-repo.js';
import type { WorkflowRepo } from '../../store/workflow-repo.js';
import { incidentChannelKey } from './keys.js';

export interface ArchiveSweepDeps {
  db: Db;
  workflows: WorkflowRepo;
  outbox: OutboxRepo;
  clock: Clock;
  wake?: () => void;
}

export function archiveIncidentChannelsTask(deps: ArchiveSweepDeps): { name: string; run(): number } {
  return {
    name: 'archive incident channels of resolved incidents',
    run() {
      const now = deps.clock.now();
      const queued = deps.db.transaction(() => {
        const due = deps.workflows.dueForArchive(now);
        for (const ch of due) {
          // Due the moment it is written (not-before 0), whichever clock delivery reads.
          deps.outbox.enqueue({ teamId: ch.teamId, channelId: incidentChannelKey(ch.incidentId), kind: 'incident_channel_archive', incidentId: ch.incidentId }, now.getTime(), 0);
          deps.workflows.markArchiveQueued(ch.incidentId, ch.teamId);
        }
        return due.length;
      }).immediate();
      if (queued) deps.wake?.();
      return queued;
    },
  };
}
