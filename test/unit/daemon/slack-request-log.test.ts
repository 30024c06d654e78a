import { describe, expect, it } from 'vitest';
import { SlackRequestLog } from '../../../src/daemon/slack-request-log.js';
import { summaryLine, fail, ok, warn } from '../../../src/doctor/finding.js';

describe('the daemon’s Slack request log', () => {
  it('counts signature failures of the last hour only, by reason', () => {
    let now = Date.parse('2026-11-30T10:00:00Z');
    const log = new SlackRequestLog('id', '1.0.0', () => now);
    log.record('/api/slack/actions', { ok: false, reason: 'signature_mismatch' });
    now += 30 * 60_000;
    log.record('/api/slack/actions', { ok: false, reason: 'signature_mismatch' });
    log.record('/api/slack/commands', { ok: false, reason: 'stale_timestamp' });
    expect(log.facts().slack_requests.failures_last_hour).toEqual({ total: 3, by_reason: { signature_mismatch: 2, stale_timestamp: 1 }, last_at: '2026-11-30T10:30:00.000Z' });
    now += 31 * 60_000;
    expect(log.facts().slack_requests.failures_last_hour.by_reason).toEqual({ signature_mismatch: 1, stale_timestamp: 1 });
  });

  it('saves the last verified time per endpoint at most once a minute', () => {
    let now = 1_000_000;
    const saved: [string, number][] = [];
    const log = new SlackRequestLog('id', '1.0.0', () => now, { load: () => new Map([['/api/slack/actions', 5]]), save: (p, at) => saved.push([p, at]) });
    for (let i = 0; i < 5; i++) {
      log.record('/api/slack/commands', { ok: true, secretIndex: 0 });
      now += 20_000;
    }
    expect(saved).toEqual([
      ['/api/slack/commands', 1_000_000],
      ['/api/slack/commands', 1_060_000],
    ]);
    expect(log.facts().slack_requests.endpoints.map((e) => e.path)).toEqual(['/api/slack/actions', '/api/slack/commands']);
  });

  it('a database too busy to save in never fails the request; the next one saves', () => {
    let busy = true;
    const saved: number[] = [];
    let now = 1000;
    const log = new SlackRequestLog('id', '1.0.0', () => now, {
      load: () => new Map(),
      save: (_p, at) => {
        if (busy) throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
        saved.push(at);
      },
    });
    expect(() => log.record('/api/slack/actions', { ok: true, secretIndex: 0 })).not.toThrow();
    busy = false;
    now = 2000;
    log.record('/api/slack/actions', { ok: true, secretIndex: 0 });
    expect(saved).toEqual([2000]);
  });

  it('keeps the INACTIVE users refused, newest first, one line per e-mail', () => {
    let now = 0;
    const log = new SlackRequestLog('id', '1.0.0', () => (now += 1000));
    log.refusedInactive('bob@example.com', 'U1');
    log.refusedInactive('amy@example.com', 'U2');
    log.refusedInactive('bob@example.com', 'U1');
    expect(log.facts().refused_inactive.map((r) => r.email)).toEqual(['bob@example.com', 'amy@example.com']);
  });
});

describe('the summary line', () => {
  it('counts, and names the worst finding first', () => {
    expect(summaryLine([ok('daemon', 'Running', 'fine'), warn('clock', 'Clock', '70 s off', 'sync'), fail('delivery', 'Outbox', 'stuck', 'look')])).toBe(
      '✓ 1 ok · ⚠ 1 warning · ✗ 1 problem — Delivery: stuck',
    );
    expect(summaryLine([ok('daemon', 'Running', 'fine')])).toBe('✓ 1 ok');
  });
});
