// The shapes of Slack credentials, checked before anything is stored.
import type { Validate } from '../prompter.js';

export const CLIENT_ID = /^\d+\.\d+$/;
export const HEX32 = /^[0-9a-f]{32}$/;
export const BOT_TOKEN = /^xoxb-[0-9A-Za-z-]{10,}$/;
export const APP_TOKEN = /^xapp-[0-9A-Za-z-]{10,}$/;

export const validateClientId: Validate = (v) => CLIENT_ID.test(v.trim()) || 'A client ID looks like 1234567890.1234567890 (Basic Information → App Credentials).';
export const validateClientSecret: Validate = (v) => HEX32.test(v.trim()) || 'A client secret is 32 hexadecimal characters (Basic Information → App Credentials).';
export const validateSigningSecret: Validate = (v) => HEX32.test(v.trim()) || 'A signing secret is 32 hexadecimal characters (Basic Information → App Credentials).';
export const validateAppToken: Validate = (v) =>
  APP_TOKEN.test(v.trim()) || 'An app-level token starts with xapp- (Basic Information → App-Level Tokens, with the connections:write scope).';
export const validateBotToken: Validate = (v) => BOT_TOKEN.test(v.trim()) || 'A bot token starts with xoxb- (OAuth & Permissions → Bot User OAuth Token).';
