import type { Service } from '../../domain/model.js';
import { parseIntOption, withCore } from '../context.js';
import { chalk, print, printJson, table } from '../output.js';

interface ServiceOpts {
  name?: string;
  description?: string;
  ackSla?: string;
  resolveSla?: string;
  policy?: string;
  json?: boolean;
}

export function serviceJson(s: Service) {
  return {
    slug: s.slug,
    name: s.name,
    description: s.description,
    ack_sla_minutes: s.ackSlaMinutes,
    resolve_sla_minutes: s.resolveSlaMinutes,
    integration_key: s.integrationKey,
    created_at: s.createdAt.toISOString(),
  };
}

function printService(s: Service): void {
  print(`${chalk.bold(s.name)} (${s.slug})`);
  if (s.description) print(`  ${s.description}`);
  print(`  SLA: acknowledge within ${s.ackSlaMinutes} min, resolve within ${s.resolveSlaMinutes} min`);
  print(`  Events API v2 integration key: ${s.integrationKey}`);
  print(`  (send PagerDuty-style events to POST /v2/enqueue with "routing_key": "${s.integrationKey}")`);
}

export async function addService(slug: string, opts: ServiceOpts): Promise<void> {
  await withCore((core) => {
    const s = core.directory.addService({
      slug,
      name: opts.name,
      description: opts.description,
      ackSlaMinutes: parseIntOption(opts.ackSla),
      resolveSlaMinutes: parseIntOption(opts.resolveSla),
    });
    if (opts.json) printJson(serviceJson(s));
    else {
      print(chalk.green(`Service ${s.slug} added.`));
      printService(s);
    }
  });
}

export async function listServices(opts: { json?: boolean }): Promise<void> {
  await withCore((core) => {
    const list = core.directory.listServices();
    if (opts.json) return printJson(list.map(serviceJson));
    if (!list.length) return print('No services yet. Add one: opsknight-slack service add payment-api --name "Payment API"');
    print(
      table(
        ['SLUG', 'NAME', 'ACK SLA', 'RESOLVE SLA'],
        list.map((s) => [s.slug, s.name, `${s.ackSlaMinutes}m`, `${s.resolveSlaMinutes}m`]),
      ),
    );
  });
}

export async function showService(slug: string, opts: { json?: boolean }): Promise<void> {
  await withCore((core) => {
    const s = core.directory.getService(slug);
    if (opts.json) printJson(serviceJson(s));
    else printService(s);
  });
}

export async function updateService(slug: string, opts: ServiceOpts): Promise<void> {
  await withCore((core) => {
    if (opts.policy !== undefined) core.oncall.setServicePolicy(slug, opts.policy === 'none' ? null : opts.policy);
    const s = core.directory.updateService(slug, {
      name: opts.name,
      description: opts.description,
      ackSlaMinutes: parseIntOption(opts.ackSla),
      resolveSlaMinutes: parseIntOption(opts.resolveSla),
    });
    if (opts.json) printJson(serviceJson(s));
    else {
      print(chalk.green(`Service ${s.slug} updated.`));
      printService(s);
    }
  });
}

export async function removeService(slug: string): Promise<void> {
  await withCore((core) => {
    core.directory.removeService(slug);
    print(`Service ${slug} removed.`);
  });
}
