// The app manifest validates against Slack's own manifest schema (shared/slack fixtures).
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkPublicUrl, createAppLink, formatManifest, renderManifest } from '../../../src/slack/manifest.js';

const schema = JSON.parse(readFileSync(new URL('../../fixtures/slack/manifest.schema.1.0.0.json', import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

describe('Slack app manifest', () => {
  it('is valid by Slack’s schema and has everything the integration needs', () => {
    const m = renderManifest({ url: 'https://ops.example.com', name: 'OpsKnight' }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- reading a JSON document
    expect(validate(m), JSON.stringify(validate.errors)).toBe(true);
    expect(m.oauth_config.scopes.bot).toEqual(['chat:write', 'chat:write.public', 'channels:read', 'groups:read', 'users:read', 'users:read.email', 'commands', 'channels:manage', 'groups:write', 'pins:write', 'im:write', 'usergroups:read', 'usergroups:write']);
    expect(m.settings.interactivity).toEqual({ is_enabled: true, request_url: 'https://ops.example.com/api/slack/actions' });
    expect(m.features.slash_commands[0]).toMatchObject({ command: '/opsknight', url: 'https://ops.example.com/api/slack/commands' });
    expect(m.features.shortcuts[0]).toMatchObject({ name: 'Create Incident', type: 'global', callback_id: 'create_incident' });
    expect(m.oauth_config.redirect_urls).toEqual(['https://ops.example.com/api/settings/slack-oauth/callback']);
    expect(m.features.bot_user.display_name).toBe('OpsKnight');
  });

  it('in Socket Mode has no request URLs and stays valid', () => {
    const m = renderManifest({ url: 'https://ops.example.com', socketMode: true }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- reading a JSON document
    expect(validate(m), JSON.stringify(validate.errors)).toBe(true);
    expect(m.settings.socket_mode_enabled).toBe(true);
    expect(m.settings.interactivity.request_url).toBeUndefined();
    expect(m.features.slash_commands[0].url).toBeUndefined();
  });

  it('refuses names Slack would refuse, and the schema agrees', () => {
    expect(() => renderManifest({ url: 'https://x.example', name: 'x'.repeat(36) })).toThrow(/35/);
    const m = renderManifest({ url: 'https://x.example', name: 'ok' }) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- reading a JSON document
    m.display_information.name = 'x'.repeat(36);
    expect(validate(m)).toBe(false);
  });

  it('prints as JSON or YAML, and as Slack’s create-app link', () => {
    const m = renderManifest({ url: 'https://ops.example.com' });
    expect(parse(formatManifest(m, 'yaml'))).toEqual(m);
    expect(JSON.parse(formatManifest(m, 'json'))).toEqual(m);
    const link = new URL(createAppLink(m));
    expect(link.origin + link.pathname).toBe('https://api.slack.com/apps');
    expect(JSON.parse(link.searchParams.get('manifest_json')!)).toEqual(m);
  });

  it('checks the public URL: https required (unless Socket Mode), localhost warned', () => {
    expect(() => checkPublicUrl('http://ops.example.com')).toThrow(/HTTPS/);
    expect(checkPublicUrl('http://ops.example.com', true).url).toBe('http://ops.example.com');
    expect(() => checkPublicUrl('not a url')).toThrow(/not a URL/);
    expect(checkPublicUrl('https://ops.example.com/').url).toBe('https://ops.example.com');
    expect(checkPublicUrl('https://localhost:8443').warnings[0]).toMatch(/only reachable from this machine/);
  });
});
