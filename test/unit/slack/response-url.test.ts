// Private answers through response_url: retried through Slack's failures, final on its refusals.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/observability/logger.js';
import { Sandbox } from '../../../src/sandbox/sandbox.js';
import { postToResponseUrl } from '../../../src/slack/response-url.js';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = new Sandbox({ rateLimits: false });
  await sandbox.start();
});
afterEach(() => sandbox.stop());

const logger = createLogger('silent');
const responseUrl = () =>
  sandbox.world.issueResponseUrl(sandbox.baseUrl, { teamId: sandbox.credentials.teamId, channel: 'C0INCIDENTS', userId: 'U0JANE00001', messageTs: null });
const ephemerals = () => sandbox.world.messages.filter((m) => m.channel === 'C0INCIDENTS' && /hello/.test(m.text));

describe('postToResponseUrl', () => {
  it('retries 5xx and 429 (waiting what Retry-After says), then delivers', async () => {
    const waits: number[] = [];
    sandbox.addFault({ method: 'response_url', kind: 'server_error', calls: 2 });
    sandbox.addFault({ method: 'response_url', kind: 'rate_limited', retryAfter: 7, calls: 1 });
    const ok = await postToResponseUrl(responseUrl(), { response_type: 'ephemeral', text: 'hello' }, logger, { sleep: async (ms) => void waits.push(ms) });
    expect(ok).toBe(true);
    expect(waits).toEqual([500, 2000, 7000]);
    expect(ephemerals()).toHaveLength(1);
  });

  it('gives up after its retries, and at once on a refusal (an unknown or expired URL)', async () => {
    const waits: number[] = [];
    sandbox.addFault({ method: 'response_url', kind: 'server_error', calls: 10 });
    const sleep = async (ms: number) => void waits.push(ms);
    expect(await postToResponseUrl(responseUrl(), { text: 'hello' }, logger, { sleep, retryDelaysMs: [1, 2] })).toBe(false);
    expect(waits).toEqual([1, 2]);
    sandbox.faults.clear();

    waits.length = 0;
    expect(await postToResponseUrl(`${sandbox.baseUrl}/sandbox/response/T0/1/nope`, { text: 'hello' }, logger, { sleep })).toBe(false);
    expect(waits).toEqual([]);
    expect(ephemerals()).toHaveLength(0);
  });
});
