// One deliverer per outbox kind, as the interactions have one handler per action.
import { change } from './change.js';
import type { DelivererTable } from './context.js';
import { digestReply } from './digest-reply.js';
import { digestUpdate } from './digest-update.js';
import { dm } from './dm.js';
import { post } from './post.js';
import { reply } from './reply.js';
import { testMessage } from './test-message.js';
import { update } from './update.js';

export const DELIVERERS: DelivererTable = {
  post,
  update,
  reply,
  digest_update: digestUpdate,
  digest_reply: digestReply,
  change,
  dm,
  test: testMessage,
};

export type { DeliveryOutcome, DelivererDeps } from './context.js';
