// Outbox rows go out one at a time per (workspace, channel key), in order. An incident channel does
// not exist until it is created, so its rows share a key of their own: its card's updates and its
// archiving queue behind its creation. Each webhook trigger is a queue of its own.
export const incidentChannelKey = (incidentId: number) => `incident-channel:${incidentId}`;
export const webhookKey = (ruleId: number) => `webhook:${ruleId}`;
