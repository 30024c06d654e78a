// One deliverer per outbox kind, as the interactions have one handler per action.
import { change } from './change.js';
import type { DelivererTable } from './context.js';
import { digestReply } from './digest-reply.js';
import { digestUpdate } from './digest-update.js';
import { dm } from './dm.js';
import { handoff } from './handoff.js';
import { post } from './post.js';
import { reply } from './reply.js';
import { repost } from './repost.js';
import { testMessage } from './test-message.js';
import { update } from './update.js';
import { usergroupSync } from './usergroup-sync.js';
import { incidentChannel } from './incident-channel.js';
import { incidentChannelArchive, incidentChannelUpdate } from './incident-channel-card.js';
import { workflowDm, workflowPost } from './workflow-messages.js';
import { workflowWebhook } from './workflow-webhook.js';

export const DELIVERERS: DelivererTable = {
  post,
  update,
  reply,
  repost,
  digest_update: digestUpdate,
  digest_reply: digestReply,
  change,
  dm,
  test: testMessage,
  incident_channel: incidentChannel,
  incident_channel_update: incidentChannelUpdate,
  incident_channel_archive: incidentChannelArchive,
  workflow_dm: workflowDm,
  workflow_post: workflowPost,
  workflow_webhook: workflowWebhook,
  handoff,
  usergroup_sync: usergroupSync,
};

export type { DeliveryOutcome, DelivererDeps } from './context.js';
