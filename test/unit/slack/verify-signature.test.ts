import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { computeSignature, verifySlackRequest } from '../../../src/slack/verify-signature.js';

const vector = JSON.parse(readFileSync(new URL('../../fixtures/slack/signing_vector.json', import.meta.url), 'utf8'));
const rawBody = readFileSync(new URL('../../fixtures/slack/slash_command_signing_vector.urlencoded', import.meta.url));
const at = Number(vector.x_slack_request_timestamp);
const req = { signature: vector.x_slack_signature, timestamp: vector.x_slack_request_timestamp, rawBody };

describe('verifySlackRequest (Slack’s published example)', () => {
  it('computes Slack’s signature for the example', () => {
    expect(computeSignature(vector.signing_secret, vector.x_slack_request_timestamp, vector.raw_body)).toBe(vector.x_slack_signature);
  });

  it('accepts the example at its own time', () => {
    expect(verifySlackRequest(req, [vector.signing_secret], at)).toEqual({ ok: true, secretIndex: 0 });
  });

  it('accepts it with a second app’s secret configured too, and says which matched', () => {
    expect(verifySlackRequest(req, ['0'.repeat(32), vector.signing_secret], at)).toEqual({ ok: true, secretIndex: 1 });
  });

  it('refuses a changed body, a changed timestamp, a wrong secret', () => {
    expect(verifySlackRequest({ ...req, rawBody: `${vector.raw_body} ` }, [vector.signing_secret], at)).toMatchObject({ reason: 'signature_mismatch' });
    // Slack's negative vectors: same body at ts+1, and one trailing space.
    expect(computeSignature(vector.signing_secret, '1531420619', vector.raw_body)).toBe('v0=ffbf8ca586db401fa71716579fba59aea718787d68572406a7236da28a871144');
    expect(computeSignature(vector.signing_secret, '1531420618', `${vector.raw_body} `)).toBe('v0=552f115025914ee4bc13b1712b368035cc4f0168b559b6a1ec69865d2af79268');
    expect(verifySlackRequest({ ...req, timestamp: '1531420619' }, [vector.signing_secret], at)).toMatchObject({ reason: 'signature_mismatch' });
    expect(verifySlackRequest(req, ['another-secret'], at)).toMatchObject({ reason: 'signature_mismatch' });
  });

  it('refuses requests older or newer than five minutes (replays)', () => {
    expect(verifySlackRequest(req, [vector.signing_secret], at + 301)).toMatchObject({ reason: 'stale_timestamp' });
    expect(verifySlackRequest(req, [vector.signing_secret], at - 301)).toMatchObject({ reason: 'stale_timestamp' });
    expect(verifySlackRequest(req, [vector.signing_secret], at + 300).ok).toBe(true);
    expect(verifySlackRequest(req, [vector.signing_secret], Math.floor(Date.now() / 1000))).toMatchObject({ reason: 'stale_timestamp' });
  });

  it('refuses missing or malformed headers and unknown versions', () => {
    expect(verifySlackRequest({ ...req, signature: undefined }, [vector.signing_secret], at)).toMatchObject({ reason: 'missing_headers' });
    expect(verifySlackRequest({ ...req, timestamp: undefined }, [vector.signing_secret], at)).toMatchObject({ reason: 'missing_headers' });
    expect(verifySlackRequest({ ...req, timestamp: 'Hello there!' }, [vector.signing_secret], at)).toMatchObject({ reason: 'bad_timestamp' });
    expect(verifySlackRequest({ ...req, signature: vector.x_slack_signature.replace('v0=', 'v1=') }, [vector.signing_secret], at)).toMatchObject({ reason: 'unknown_version' });
    expect(verifySlackRequest({ ...req, signature: 'v0=invalid-signature' }, [vector.signing_secret], at)).toMatchObject({ reason: 'signature_mismatch' });
  });

  it('fails closed when no signing secret is configured', () => {
    expect(verifySlackRequest(req, [], at)).toMatchObject({ ok: false, reason: 'no_secret_configured' });
    expect(verifySlackRequest(req, ['', '   '], at)).toMatchObject({ ok: false, reason: 'no_secret_configured' });
  });
});
