// Secrets at rest: AES-256-GCM with a key from OPSKNIGHT_SECRET_KEY or a generated 0600 key file.
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDir } from '../config/paths.js';
import { EXPLAINED } from '../domain/explained-error.js';

const FORMAT = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class SecretKeyError extends Error {
  readonly [EXPLAINED] = true;
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

/** Turns OPSKNIGHT_SECRET_KEY into 32 bytes: 64 hex digits or base64 of 32 bytes are used as is;
 *  anything else is a passphrase stretched with scrypt. */
export function keyFromText(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const b64 = /^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed) ? Buffer.from(trimmed, 'base64') : null;
  if (b64?.length === 32) return b64;
  if (trimmed.length < 12) {
    throw new SecretKeyError('OPSKNIGHT_SECRET_KEY is too short: use at least 12 characters (or 64 hex digits).');
  }
  return scryptSync(trimmed, 'opsknight-slack/secret-key/v1', 32);
}

/** Reads the key file, or creates one (0600) when there is none yet. */
export function keyFromFile(path: string): Buffer {
  if (!existsSync(path)) {
    ensurePrivateDir(dirname(path));
    try {
      writeFileSync(path, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Another process made it first: read theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const text = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(text)) {
    throw new SecretKeyError(`The key file ${path} is damaged (expected 64 hex digits).`);
  }
  return Buffer.from(text, 'hex');
}

export class SecretBox {
  private key: Buffer | null = null;
  private checkKey: (() => void) | null = null;

  /** The key is loaded on first use, so commands that touch no secret never create a key file. */
  constructor(
    private readonly loadKey: () => Buffer,
    /** Where the key comes from, in words. */
    readonly source: string,
  ) {}

  /** Runs `check` when the key is first loaded (the database's key check, src/store/key-check.ts);
   *  a key it refuses is not used. */
  checkWith(check: () => void): void {
    this.checkKey = check;
  }

  /** Loads the key now (and checks it): the daemon refuses to start with the wrong one. */
  load(): void {
    this.getKey();
  }

  static fromEnvironment(env: NodeJS.ProcessEnv, keyFile: string): SecretBox {
    const text = env.OPSKNIGHT_SECRET_KEY;
    return text
      ? new SecretBox(() => keyFromText(text), 'OPSKNIGHT_SECRET_KEY')
      : new SecretBox(() => keyFromFile(keyFile), `the key file ${keyFile}`);
  }

  encrypt(plaintext: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.getKey(), iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return `${FORMAT}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  /** Sealed → plain, for secrets read on hot paths (a workspace's token on every Slack request, a
   *  webhook on every incident event): decrypting each time costs. A sealed text that opened once
   *  always opens to the same plain text (GCM authenticates it), so the cache is never stale. */
  private readonly opened = new Map<string, string>();

  decrypt(sealed: string): string {
    let plain = this.opened.get(sealed);
    if (plain === undefined) {
      plain = this.open(sealed);
      if (this.opened.size > 1000) this.opened.clear();
      this.opened.set(sealed, plain);
    }
    return plain;
  }

  private open(sealed: string): string {
    const [format, payload] = sealed.split(':', 2);
    if (format !== FORMAT || !payload) throw new SecretKeyError('A stored secret is in an unknown format.');
    const raw = Buffer.from(payload, 'base64');
    if (raw.length < IV_BYTES + TAG_BYTES) throw new SecretKeyError('A stored secret is truncated.');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.getKey(), raw.subarray(0, IV_BYTES));
      decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretKeyError(
        `Stored secrets cannot be decrypted with ${this.source}: it is not the key they were saved with. ` +
          'Restore the original key (OPSKNIGHT_SECRET_KEY or the key file), or re-enter the secrets with `opsknight-slack setup`.',
      );
    }
  }

  private getKey(): Buffer {
    if (this.key) return this.key;
    this.key = this.loadKey();
    try {
      this.checkKey?.();
    } catch (err) {
      this.key = null;
      throw err;
    }
    return this.key;
  }
}

/** Shows enough of a secret to recognise it, never enough to use it: "xoxb-…a1b2". */
export function maskSecret(secret: string | null | undefined): string {
  if (!secret) return '(not set)';
  const prefix = /^(xox[a-z]-|xapp-)/.exec(secret)?.[0] ?? '';
  return secret.length <= prefix.length + 8 ? `${prefix}…` : `${prefix}…${secret.slice(-4)}`;
}
