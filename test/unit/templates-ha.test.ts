// The high-availability templates agree with each other and with the single-daemon unit: every
// daemon gets the same database and secret key, the proxy's upstream lists every daemon where it
// listens, each daemon keeps its own data folder, and all run with the shipped Node options.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const read = (name: string) => readFileSync(fileURLToPath(new URL(`../../templates/${name}`, import.meta.url)), 'utf8');
const setting = (unit: string, key: string) => [...unit.matchAll(new RegExp(`^Environment=${key}=(.+)$`, 'gm'))].map((m) => m[1]!.trim());
const shippedNodeOptions = setting(read('opsknight-slack.service'), 'NODE_OPTIONS')[0];

interface ComposeService {
  build?: { dockerfile_inline?: string };
  environment?: Record<string, string>;
  command?: string[];
}
const compose = parse(read('docker-compose.ha.yml'), { merge: true }) as { services: Record<string, ComposeService>; configs: Record<string, { content: string }> };

describe('templates for several daemons', () => {
  it('compose: two daemons with the same database and key, all behind nginx’s upstream', () => {
    const daemons = Object.entries(compose.services).filter(([, s]) => s.build?.dockerfile_inline?.includes('opsknight-slack'));
    expect(daemons.map(([name]) => name)).toHaveLength(2);
    const envs = daemons.map(([, s]) => s.environment!);
    expect(envs[0]!.OPSKNIGHT_SLACK_DB).toMatch(/^postgres:\/\//);
    for (const key of ['OPSKNIGHT_SLACK_DB', 'OPSKNIGHT_SECRET_KEY', 'OPSKNIGHT_URL']) expect(new Set(envs.map((e) => e[key])).size, key).toBe(1);
    const image = daemons[0]![1].build!.dockerfile_inline!;
    const port = /PORT=(\d+)/.exec(image)![1];
    expect(image).toContain(`NODE_OPTIONS=${shippedNodeOptions}`);
    const upstream = Object.values(compose.configs).map((c) => c.content).join('\n');
    expect([...upstream.matchAll(/^\s*server (\S+):(\d+)/gm)].map((m) => `${m[1]}:${m[2]}`).sort()).toEqual(daemons.map(([name]) => `${name}:${port}`).sort());
  });

  it('systemd: one template unit, an instance per port, each with its own data folder', () => {
    const unit = read('opsknight-slack@.service');
    expect(setting(unit, 'PORT')).toEqual(['%i']);
    expect(setting(unit, 'OPSKNIGHT_SLACK_HOME')[0]).toMatch(/%i$/);
    expect(unit).toMatch(/^StateDirectory=opsknight-slack\/%i$/m);
    expect(unit).toMatch(/^ReadWritePaths=\/var\/lib\/opsknight-slack\/%i$/m);
    // The shared environment file (database, key) is required, not optional: no leading "-".
    expect(unit).toMatch(/^EnvironmentFile=\/etc\/opsknight-slack\/env$/m);
    expect(setting(unit, 'NODE_OPTIONS')).toEqual([shippedNodeOptions]);
  });

  it('nginx: the upstream lists the instances the README starts', () => {
    const conf = read('nginx-ha.conf');
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const ha = readme.slice(readme.indexOf('## High availability'), readme.indexOf('## Benchmarks'));
    const instances = [...ha.matchAll(/`@(\d+)`/g)].map((m) => `127.0.0.1:${m[1]}`);
    expect(instances).toHaveLength(2);
    expect([...conf.matchAll(/^\s*server (127\.0\.0\.1:\d+)/gm)].map((m) => m[1])).toEqual(instances);
    expect(conf).toMatch(/proxy_pass http:\/\/opsknight_slack;/);
  });
});
