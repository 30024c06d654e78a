import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/store/db.js';
import { SecretBox, SecretKeyError, maskSecret } from '../../../src/store/secrets.js';
import { SettingsRepo } from '../../../src/store/settings-repo.js';
import { tempHome } from '../../helpers/temp.js';

let home: ReturnType<typeof tempHome>;
afterEach(() => home?.remove());

describe('secrets at rest', () => {
  it('encrypts with a generated 0600 key file, and the database never holds the plain text', () => {
    home = tempHome();
    const keyFile = join(home.dir, 'keys', 'secret.key');
    const file = join(home.dir, 's.db');
    const db = openDatabase(file);
    const settings = new SettingsRepo(db, SecretBox.fromEnvironment({}, keyFile));
    settings.set('slack.bot_token', 'xoxb-1234-5678-abcdefghijkl', { secret: true });
    expect(settings.get('slack.bot_token')).toBe('xoxb-1234-5678-abcdefghijkl');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const raw = db.prepare("SELECT value, encrypted FROM settings WHERE key = 'slack.bot_token'").get() as {
      value: string;
      encrypted: number;
    };
    expect(raw.encrypted).toBe(1);
    expect(raw.value).not.toContain('xoxb');
    db.close();
    expect(readFileSync(file).includes(Buffer.from('abcdefghijkl'))).toBe(false);
  });

  it('uses OPSKNIGHT_SECRET_KEY when set (hex, base64 or passphrase)', () => {
    for (const key of ['a'.repeat(64), Buffer.alloc(32, 7).toString('base64'), 'correct horse battery staple']) {
      const box = SecretBox.fromEnvironment({ OPSKNIGHT_SECRET_KEY: key }, '/nonexistent/key');
      expect(box.decrypt(box.encrypt('s3cret'))).toBe('s3cret');
    }
  });

  it('a wrong key gives a clear error, never garbage', () => {
    const sealed = SecretBox.fromEnvironment({ OPSKNIGHT_SECRET_KEY: 'first passphrase here' }, '/x').encrypt('s3cret');
    const other = SecretBox.fromEnvironment({ OPSKNIGHT_SECRET_KEY: 'second passphrase here' }, '/x');
    expect(() => other.decrypt(sealed)).toThrow(SecretKeyError);
    expect(() => other.decrypt(sealed)).toThrow(/OPSKNIGHT_SECRET_KEY: it is not the key/);
    expect(() => other.decrypt('v1:AAAA')).toThrow(SecretKeyError);
    expect(() => other.decrypt('garbage')).toThrow(SecretKeyError);
  });

  it('refuses a passphrase too short to protect anything', () => {
    const box = SecretBox.fromEnvironment({ OPSKNIGHT_SECRET_KEY: 'short' }, '/x');
    expect(() => box.encrypt('x')).toThrow(/too short/);
  });

  it('masks secrets for display', () => {
    expect(maskSecret('xoxb-123456789012-abcdefghijkla1b2')).toBe('xoxb-…a1b2');
    expect(maskSecret('8f742231b10e8888abcd99yyyzzz85a5')).toBe('…85a5');
    expect(maskSecret('xoxb-1')).toBe('xoxb-…');
    expect(maskSecret(null)).toBe('(not set)');
  });
});
