// A real second process that takes SQLite's write lock on a database file, the way a backup, the
// CLI in a long transaction or an admin's sqlite3 shell would: `BEGIN IMMEDIATE` on its own
// connection. The test says when to take the lock and when to let it go, so it never sleeps longer
// than the story needs.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

const SCRIPT = `
const Database = require(process.env.BETTER_SQLITE3);
const db = new Database(process.env.DB_FILE);
const rl = require('node:readline').createInterface({ input: process.stdin });
rl.on('line', (line) => {
  if (line === 'lock') db.exec('BEGIN IMMEDIATE');
  if (line === 'release') db.exec('ROLLBACK');
  console.log(line === 'lock' ? 'locked' : 'released');
});
rl.on('close', () => { db.close(); process.exit(0); });
console.log('ready');
`;

export class LockHolder {
  private readonly lines: AsyncIterator<string>;
  private stderr = '';

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    this.lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
  }

  static async start(dbFile: string): Promise<LockHolder> {
    const child = spawn(process.execPath, ['-e', SCRIPT], {
      env: { ...process.env, DB_FILE: dbFile, BETTER_SQLITE3: createRequire(import.meta.url).resolve('better-sqlite3') },
    });
    const holder = new LockHolder(child);
    await holder.expect('ready');
    return holder;
  }

  /** Takes the write lock; resolves once the other process holds it. */
  async lock(): Promise<void> {
    this.child.stdin.write('lock\n');
    await this.expect('locked');
  }

  async release(): Promise<void> {
    this.child.stdin.write('release\n');
    await this.expect('released');
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin.end();
    await exited;
  }

  private async expect(line: string): Promise<void> {
    const next = await this.lines.next();
    if (next.done || next.value !== line) throw new Error(`lock holder said ${JSON.stringify(next.value)} instead of "${line}": ${this.stderr}`);
  }
}
