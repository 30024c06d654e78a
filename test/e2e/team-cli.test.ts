// team and user role commands, as an admin would run them.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runCliAsync } from '../helpers/cli.js';
import { tempHome } from '../helpers/temp.js';

let home: ReturnType<typeof tempHome>;
let env: NodeJS.ProcessEnv;
const cli = (...args: string[]) => runCliAsync(args, env);

beforeEach(async () => {
  home = tempHome();
  env = { ...home.env };
  await cli('service', 'add', 'payment-api');
  await cli('user', 'add', '--name', 'Jane Doe', '--email', 'jane@example.com');
  await cli('user', 'add', '--name', 'Bob Smith', '--email', 'bob@example.com');
});
afterEach(() => home.remove());

it('adds a team, its members and services, sets roles, and lists it all as JSON', async () => {
  expect((await cli('team', 'add', 'payments', '--name', 'Payments')).stdout).toMatch(/Team payments added/);
  expect((await cli('team', 'add-member', 'payments', 'jane@example.com', 'bob@example.com')).code).toBe(0);
  expect((await cli('team', 'own', 'payments', 'payment-api')).stdout).toMatch(/owns payment-api/);
  const role = JSON.parse((await cli('user', 'role', 'bob@example.com', 'viewer', '--json')).stdout);
  expect(role).toEqual({ email: 'bob@example.com', name: 'Bob Smith', role: 'viewer', teams: ['payments'] });
  expect(JSON.parse((await cli('team', 'list', '--json')).stdout)).toEqual([
    {
      slug: 'payments',
      name: 'Payments',
      services: ['payment-api'],
      members: [
        { email: 'bob@example.com', name: 'Bob Smith', role: 'viewer' },
        { email: 'jane@example.com', name: 'Jane Doe', role: 'responder' },
      ],
    },
  ]);
  expect((await cli('team', 'show', 'payments')).stdout).toMatch(/Bob Smith <bob@example.com> viewer/);
  expect(JSON.parse((await cli('team', 'remove-member', 'payments', 'bob@example.com', '--json')).stdout).members).toHaveLength(1);
  expect(JSON.parse((await cli('team', 'disown', 'payment-api', '--json')).stdout)).toEqual({ service: 'payment-api', team: null });
  expect((await cli('team', 'remove', 'payments')).code).toBe(0);
  expect(JSON.parse((await cli('team', 'list', '--json')).stdout)).toEqual([]);
});

it('says what to do about unknown teams, users, services and roles', async () => {
  const noTeam = await cli('team', 'add-member', 'nope', 'jane@example.com');
  expect(noTeam.code).toBe(1);
  expect(noTeam.stderr).toMatch(/No team nope: .*team add nope/);
  await cli('team', 'add', 'payments');
  expect((await cli('team', 'add', 'payments')).stderr).toMatch(/exists already/);
  expect((await cli('team', 'add', 'Bad Slug')).code).toBe(1);
  expect((await cli('team', 'add-member', 'payments', 'who@example.com')).stderr).toMatch(/No user with e-mail who@example.com/);
  expect((await cli('team', 'own', 'payments', 'nope')).code).toBe(1);
  expect((await cli('user', 'role', 'jane@example.com', 'owner')).code).toBe(2);
});
