// Services: what incidents are about, their SLAs, policies and the fallback service.
import type { Command } from 'commander';
import { wholeNumber } from './option-values.js';
import { jsonOption, lazy } from './registration.js';

const services = () => import('./commands/service.js');

export function registerServiceCommands(program: Command): void {
  const service = program.command('service').description('manage services (what incidents are about)');
  service
    .command('add <slug>')
    .description('add a service, e.g. `service add payment-api --name "Payment API"`')
    .option('-n, --name <name>', 'display name (default: the slug)')
    .option('-d, --description <text>', 'description')
    .option('--ack-sla <minutes>', 'time to acknowledge target in minutes', wholeNumber(), '15')
    .option('--resolve-sla <minutes>', 'time to resolve target in minutes', wholeNumber(), '120')
    .addOption(jsonOption())
    .action(lazy(services, 'addService'));
  service.command('list').description('list services').addOption(jsonOption()).action(lazy(services, 'listServices'));
  service
    .command('show <slug>')
    .description('show a service, with its Events API v2 integration key')
    .addOption(jsonOption())
    .action(lazy(services, 'showService'));
  service
    .command('update <slug>')
    .description('change a service')
    .option('-n, --name <name>', 'display name')
    .option('-d, --description <text>', 'description')
    .option('--ack-sla <minutes>', 'time to acknowledge target in minutes', wholeNumber())
    .option('--resolve-sla <minutes>', 'time to resolve target in minutes', wholeNumber())
    .option('--policy <name>', 'escalation policy ("none" to remove)')
    .addOption(jsonOption())
    .action(lazy(services, 'updateService'));
  service
    .command('fallback [slug]')
    .description('where alerts go whose service does not exist (default: an "unrouted" service); no slug: show it')
    .option('--clear', 'go back to the "unrouted" service')
    .addOption(jsonOption())
    .action(lazy(() => import('./commands/service-fallback.js'), 'fallbackService'));
  service
    .command('remove <slug>')
    .description('remove a service that has no incidents')
    .action(lazy(services, 'removeService'));
}
