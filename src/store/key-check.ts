// Every daemon and CLI sharing a database must use the same secret key (OPSKNIGHT_SECRET_KEY, or
// the same key file): secrets one seals, the others open. The database keeps a known text sealed
// with the key; a process whose key does not open it refuses to go on, saying what to do, rather
// than storing secrets nobody else can read.
import { prepared, type Db } from './db.js';
import { SecretKeyError, type SecretBox } from './secrets.js';

export const KEY_CHECK_SETTING = 'secret_key_check';
const KNOWN_TEXT = 'opsknight-slack secret key check v1';

const mismatch = (secrets: SecretBox) =>
  new SecretKeyError(
    `The secret key (${secrets.source}) is not the one this database's secrets were sealed with: another daemon or an earlier install used a different key. ` +
      'Give every daemon and CLI that shares this database the same key: the same OPSKNIGHT_SECRET_KEY everywhere, or a copy of the key file from the machine that set it up.',
  );

const opens = (secrets: SecretBox, sealed: string) => {
  try {
    return secrets.decrypt(sealed) !== null;
  } catch {
    return false;
  }
};

/** Checks the key against the database's key check, writing the check on first use (after making
 *  sure the key opens a secret already stored, if any). Throws SecretKeyError on a mismatch. */
export function verifySecretKey(db: Db, secrets: SecretBox): void {
  const stored = () => (prepared(db, 'SELECT value FROM settings WHERE key = ?').get(KEY_CHECK_SETTING) as { value: string } | undefined)?.value;
  let check = stored();
  if (check === undefined) {
    const sealed =
      (prepared(db, 'SELECT value FROM settings WHERE encrypted = 1 LIMIT 1').get() as { value: string } | undefined)?.value ??
      (prepared(db, 'SELECT bot_token FROM workspaces LIMIT 1').get() as { bot_token: string } | undefined)?.bot_token;
    if (sealed !== undefined && !opens(secrets, sealed)) throw mismatch(secrets);
    prepared(db, 'INSERT INTO settings (key, value, encrypted, updated_at) VALUES (?, ?, 0, ?) ON CONFLICT (key) DO NOTHING').run(
      KEY_CHECK_SETTING,
      secrets.encrypt(KNOWN_TEXT),
      new Date().toISOString(),
    );
    // Another process may have written its check at the same moment: the one stored is the one that counts.
    check = stored()!;
  }
  let text: string | null = null;
  try {
    text = secrets.decrypt(check);
  } catch {
    // said below
  }
  if (text !== KNOWN_TEXT) throw mismatch(secrets);
}
