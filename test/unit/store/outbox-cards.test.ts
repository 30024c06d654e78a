// An incident's cards, one per channel: a post that must fall back to another channel takes its
// card and followers along, unless the incident already has a card there.
import { afterEach, expect, it } from 'vitest';
import type { Db } from '../../../src/store/db.js';
import { OutboxRepo } from '../../../src/store/outbox-repo.js';
import { describeEachStore, type TestStore } from '../../helpers/postgres.js';

const open: Db[] = [];
afterEach(() => open.splice(0).forEach((db) => db.close()));

function setup(store: TestStore) {
  const db = store.openDb();
  open.push(db);
  db.prepare("INSERT INTO services (slug, name, integration_key, created_at) VALUES ('s', 's', 'k1', 'now')").run();
  db.prepare(`INSERT INTO incidents (title, service_id, urgency, status, created_at, updated_at, triggered_by, last_triggered_at) VALUES ('x', 1, 'HIGH', 'OPEN', 1, 1, '{"name":"API"}', 1)`).run();
  return new OutboxRepo(db);
}

describeEachStore('an incident’s cards', (store) => {
  it('moves a failed post, its card and its pending followers to the fallback channel', () => {
    const outbox = setup(store);
    outbox.planMessage(1, 'T', 'C-GONE');
    const post = outbox.enqueue({ teamId: 'T', channelId: 'C-GONE', kind: 'post', incidentId: 1 }, 0);
    outbox.enqueue({ teamId: 'T', channelId: 'C-GONE', kind: 'reply', incidentId: 1, payload: { text: 'ack' } }, 0);
    expect(outbox.moveToChannel(post, 'C-DEFAULT')).toBe(true);
    expect(outbox.messages(1, 'T').map((m) => m.channelId)).toEqual(['C-DEFAULT']);
    expect(outbox.pending(10).map((r) => [r.kind, r.channelId])).toEqual([
      ['post', 'C-DEFAULT'],
      ['reply', 'C-DEFAULT'],
    ]);
  });

  it('drops the post and its followers when the fallback channel already has the incident’s card', () => {
    const outbox = setup(store);
    outbox.planMessage(1, 'T', 'C-DEFAULT');
    outbox.planMessage(1, 'T', 'C-GONE');
    outbox.enqueue({ teamId: 'T', channelId: 'C-DEFAULT', kind: 'post', incidentId: 1 }, 0);
    const post = outbox.enqueue({ teamId: 'T', channelId: 'C-GONE', kind: 'post', incidentId: 1 }, 0);
    outbox.enqueue({ teamId: 'T', channelId: 'C-GONE', kind: 'reply', incidentId: 1, payload: { text: 'ack' } }, 0);
    expect(outbox.moveToChannel(post, 'C-DEFAULT')).toBe(false);
    expect(outbox.messages(1, 'T').map((m) => m.channelId)).toEqual(['C-DEFAULT']);
    expect(outbox.pending(10).map((r) => [r.kind, r.channelId])).toEqual([['post', 'C-DEFAULT']]);
  });
});
