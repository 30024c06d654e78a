// Strict and bounded input, whatever door it comes through: the snooze limit and invisible characters.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { runCliAsync } from '../helpers/cli.js';
import { startStack } from '../helpers/stack.js';

let app: TestApp;
beforeEach(async () => {
  app = await startTestApp();
  app.core.directory.addService({ slug: 'payment-api', name: 'Payment\u202E API' });
});
afterEach(() => app.close());

const create = (title: string) => app.api('POST', '/api/incidents', { title, service: 'payment-api', urgency: 'HIGH' });

describe('strict input through the incident API', () => {
  it('refuses a snooze longer than 30 days, saying the limit, by duration or by time', async () => {
    const { body: inc } = await create('Disk full');
    const long = await app.api('POST', `/api/incidents/${inc.id}/snooze`, { duration: '31d' });
    expect(long.status).toBe(400);
    expect(JSON.stringify(long.body)).toMatch(/at most 30 days/);
    const until = new Date(Date.now() + 40 * 86_400_000).toISOString();
    const late = await app.api('POST', `/api/incidents/${inc.id}/snooze`, { until });
    expect(late.status).toBe(400);
    expect(JSON.stringify(late.body)).toMatch(/at most 30 days/);
    expect((await app.api('POST', `/api/incidents/${inc.id}/snooze`, { duration: '29d' })).body.status).toBe('SNOOZED');
  });

  it('strips bidi overrides and zero-width characters from titles, notes and names, keeping emoji', async () => {
    const { body: inc } = await create('\u202EDisk\u200B full on db-1 👩‍💻 🔥');
    expect(inc.title).toBe('Disk full on db-1 👩‍💻 🔥');
    await app.api('POST', `/api/incidents/${inc.id}/notes`, { text: 'Looking\u2066 into it\uFEFF' });
    const shown = await app.api('GET', `/api/incidents/${inc.id}`);
    const timeline = JSON.stringify(shown.body.events);
    expect(timeline).toContain('Looking into it');
    expect(timeline).not.toMatch(/[\u2066\uFEFF]/);
    expect(app.core.directory.getService('payment-api').name).toBe('Payment API');
  });
});

describe('the snooze limit in Slack and the CLI', () => {
  it('the custom snooze modal answers over 30 days inline; the CLI exits 1 saying the limit', async () => {
    const stack = await startStack();
    try {
      await stack.trigger();
      const msg = await stack.slack.channel('#incidents').expectMessage(/Database Connection Timeout/);
      await msg.menu(/Snooze/).choose('Custom…', { as: 'jane' });
      const modal = await stack.slack.expectModal('jane', /Snooze #1/);
      await modal.submit({ duration: '45d' });
      expect(modal.closed).toBe(false);
      expect(modal.errors?.duration).toMatch(/at most 30 days/);
      await stack.daemon.stop();
      const cli = await runCliAsync(['incident', 'snooze', '1', '--for', '31d'], stack.env);
      expect(cli.code).toBe(1);
      expect(cli.stderr).toMatch(/at most 30 days/);
    } finally {
      await stack.close();
    }
  });
});
