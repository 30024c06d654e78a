// The seeded world every sandbox starts with. Tests may add to it through the SlackWorld API.
import { randomBytes } from 'node:crypto';
import { SlackWorld, type SbApp } from './world.js';

/** The scopes the OpsKnight manifest asks for (DESIGN.md / the docs page). */
export const OPSKNIGHT_BOT_SCOPES = [
  'chat:write',
  'chat:write.public',
  'channels:read',
  'groups:read',
  'users:read',
  'users:read.email',
  'commands',
  'channels:manage',
  'groups:write',
  'pins:write',
  'im:write',
  'usergroups:read',
  'usergroups:write',
];

export interface SeedOptions {
  botToken?: string;
  signingSecret?: string;
  clientId?: string;
  clientSecret?: string;
  appToken?: string;
  /** Scopes granted to the seeded bot tokens. */
  scopes?: string[];
}

export interface SeededCredentials {
  teamId: string;
  botToken: string;
  secondTeamId: string;
  secondBotToken: string;
  appToken: string;
  signingSecret: string;
  clientId: string;
  clientSecret: string;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const tokenPart = () => String(Math.floor(1e11 + Math.random() * 9e11));

export function seedWorld(world: SlackWorld, options: SeedOptions = {}): SeededCredentials {
  const scopes = options.scopes ?? OPSKNIGHT_BOT_SCOPES;
  const app: SbApp = {
    appId: 'A0SANDBOX01',
    name: 'OpsKnight',
    signingSecret: options.signingSecret ?? hex(16),
    clientId: options.clientId ?? `${tokenPart()}.${tokenPart()}`,
    clientSecret: options.clientSecret ?? hex(16),
    verificationToken: randomBytes(18).toString('base64url'),
    interactivityUrl: null,
    commandUrl: null,
    redirectUrls: [],
    bots: new Map(),
  };
  world.app = app;

  // Workspace 1: where the demo happens.
  const t1 = world.addTeam({ id: 'T0SANDBOX01', name: 'Acme Ops (sandbox)', domain: 'acme-ops' });
  app.bots.set(t1.id, { userId: 'U0OPSKNIGHT', botId: 'B0OPSKNIGHT' });
  world.addUser({ id: 'U0OPSKNIGHT', teamId: t1.id, name: 'opsknight', realName: 'OpsKnight', email: null, isBot: true });
  world.addUser({ id: 'U0JANE00001', teamId: t1.id, name: 'jane', realName: 'Jane Doe', email: 'jane@example.com' });
  world.addUser({ id: 'U0BOB000001', teamId: t1.id, name: 'bob', realName: 'Bob Smith', email: 'bob@example.com' });
  world.addUser({ id: 'U0ALICE0001', teamId: t1.id, name: 'alice', realName: 'Alice Chen', email: 'Alice.Chen@Example.com' });
  world.addUser({ id: 'U0GHOST0001', teamId: t1.id, name: 'ghost', realName: 'Casper Hidden', email: null });
  const humans = ['U0JANE00001', 'U0BOB000001', 'U0ALICE0001', 'U0GHOST0001'];
  const bot = 'U0OPSKNIGHT';
  world.addChannel({ id: 'C0GENERAL01', teamId: t1.id, name: 'general', isPrivate: false, isArchived: false, members: [...humans, bot] });
  world.addChannel({ id: 'C0INCIDENTS', teamId: t1.id, name: 'incidents', isPrivate: false, isArchived: false, members: [...humans, bot] });
  world.addChannel({ id: 'C0PAYMENTS1', teamId: t1.id, name: 'payments', isPrivate: false, isArchived: false, members: [...humans, bot] });
  world.addChannel({ id: 'C0CRITICAL1', teamId: t1.id, name: 'incidents-critical', isPrivate: false, isArchived: false, members: humans });
  world.addChannel({ id: 'C0RANDOM001', teamId: t1.id, name: 'random', isPrivate: false, isArchived: false, members: humans });
  world.addChannel({ id: 'G0SREPRIV01', teamId: t1.id, name: 'sre-private', isPrivate: true, isArchived: false, members: [...humans, bot] });
  world.addChannel({ id: 'G0SECRET001', teamId: t1.id, name: 'secret-ops', isPrivate: true, isArchived: false, members: humans });
  world.addChannel({ id: 'C0OLDALERTS', teamId: t1.id, name: 'old-alerts', isPrivate: false, isArchived: true, members: [...humans, bot] });
  world.userGroups.set('S0SRELEADS1', { id: 'S0SRELEADS1', teamId: t1.id, handle: 'sre-leads', name: 'SRE leads', users: ['U0JANE00001', 'U0ALICE0001'] });
  world.userGroups.set('S0ONCALLPRI', { id: 'S0ONCALLPRI', teamId: t1.id, handle: 'oncall-primary', name: 'On call (primary)', users: ['U0ALICE0001'] });
  const botToken = world.addToken({
    token: options.botToken ?? `xoxb-${tokenPart()}-${tokenPart()}-${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`,
    teamId: t1.id,
    kind: 'bot',
    scopes,
    revoked: false,
  }).token;

  // Workspace 2: for multi-workspace routing and isolation.
  const t2 = world.addTeam({ id: 'T0SANDBOX02', name: 'Globex (sandbox)', domain: 'globex' });
  app.bots.set(t2.id, { userId: 'U0OPSKNGHT2', botId: 'B0OPSKNGHT2' });
  world.addUser({ id: 'U0OPSKNGHT2', teamId: t2.id, name: 'opsknight', realName: 'OpsKnight', email: null, isBot: true });
  world.addUser({ id: 'U0HOMER0001', teamId: t2.id, name: 'homer', realName: 'Homer Simpson', email: 'homer@globex.example.com' });
  world.addChannel({ id: 'C0GXALERTS1', teamId: t2.id, name: 'alerts', isPrivate: false, isArchived: false, members: ['U0HOMER0001', 'U0OPSKNGHT2'] });
  world.addChannel({ id: 'C0GXGENERAL', teamId: t2.id, name: 'general', isPrivate: false, isArchived: false, members: ['U0HOMER0001', 'U0OPSKNGHT2'] });
  const secondBotToken = world.addToken({
    token: `xoxb-${tokenPart()}-${tokenPart()}-${randomBytes(18).toString('base64url').replace(/[-_]/g, 'x')}`,
    teamId: t2.id,
    kind: 'bot',
    scopes,
    revoked: false,
  }).token;

  const appToken = world.addToken({
    token: options.appToken ?? `xapp-1-${app.appId}-${tokenPart()}-${hex(32)}`,
    teamId: t1.id,
    kind: 'app',
    scopes: ['connections:write'],
    revoked: false,
  }).token;

  return {
    teamId: t1.id,
    botToken,
    secondTeamId: t2.id,
    secondBotToken,
    appToken,
    signingSecret: app.signingSecret,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
  };
}
