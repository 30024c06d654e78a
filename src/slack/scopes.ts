// The bot scopes the integration needs (the docs page's table, plus commands for /opsknight and
// im:write for direct messages to a new assignee or responder).
export const REQUIRED_BOT_SCOPES = ['chat:write', 'chat:write.public', 'channels:read', 'groups:read', 'users:read', 'users:read.email', 'commands', 'im:write'];
