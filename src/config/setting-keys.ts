// Names of the settings stored in SQLite (secret ones are encrypted by the SecretBox).
export const PUBLIC_URL_SETTING = 'public_url';
export const CLIENT_ID_SETTING = 'slack.client_id';
export const CLIENT_SECRET_SETTING = 'slack.client_secret';
export const SIGNING_SECRET_SETTING = 'slack.signing_secret';
/** Socket Mode's app-level token (xapp-…). */
export const APP_TOKEN_SETTING = 'slack.app_token';
export const LINK_KEY_SETTING = 'web.link_key';
export const API_TOKEN_SETTING = 'api.token';
