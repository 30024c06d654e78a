// A test message through the same delivery path as incidents (test-channel, doctor --post-test).
import type { Core } from '../../daemon/container.js';
import { createLogger } from '../../observability/logger.js';

export type TestPostResult = { ok: true } | { ok: false; reason: string; tokenProblem: string | null };

export async function postTestMessage(core: Pick<Core, 'outbox' | 'clock' | 'deliveryWorker' | 'workspaces'>, teamId: string, channelId: string, label: string): Promise<TestPostResult> {
  const now = core.clock.now().getTime();
  // Far-future schedule: a running daemon leaves this row to us.
  const id = core.outbox.enqueue(
    { teamId, channelId, kind: 'test', payload: { text: `:white_check_mark: Test message from OpsKnight: incidents can be posted in ${label}.` } },
    now,
    now + 3_600_000,
  );
  const worker = core.deliveryWorker({ logger: createLogger('silent'), incidentUrl: (n) => `/incidents/${n}` });
  await worker.deliverNow(id);
  const outcome = core.outbox.outcome(id)!;
  if (outcome.status === 'done') return { ok: true };
  if (outcome.status === 'pending') core.outbox.markFailed(id, outcome.error ?? 'not delivered', core.clock.now().getTime());
  const ws = core.workspaces.get(teamId);
  return { ok: false, reason: (outcome.error ?? 'unknown error').replace(/^[a-z_]+: /, ''), tokenProblem: ws?.status === 'needs_attention' ? ws.statusReason : null };
}
