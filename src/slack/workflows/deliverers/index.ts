// One deliverer per workflow outbox kind.
import type { WorkflowOutboxKind } from '../../../store/outbox-repo.js';
import type { WorkflowDeliverer } from './context.js';
import { openIncidentChannel } from './incident-channel.js';
import { archiveIncidentChannel, updateIncidentChannelCard } from './incident-channel-card.js';
import { postWorkflowMessage, sendStakeholderDm } from './messages.js';
import { sendWorkflowWebhook } from './webhook.js';

export const WORKFLOW_DELIVERERS: Record<WorkflowOutboxKind, WorkflowDeliverer> = {
  incident_channel: openIncidentChannel,
  incident_channel_update: updateIncidentChannelCard,
  incident_channel_archive: archiveIncidentChannel,
  workflow_dm: sendStakeholderDm,
  workflow_post: postWorkflowMessage,
  workflow_webhook: sendWorkflowWebhook,
};

export const isWorkflowKind = (kind: string): kind is WorkflowOutboxKind => kind in WORKFLOW_DELIVERERS;

export type { WorkflowDeliveryDeps } from './context.js';
