// Monitoring severities → OpsKnight urgency. Pure, shared by Alertmanager and Events v2 intake.
import { ValidationError } from '../domain/errors.js';
import { URGENCIES, type Urgency } from '../domain/model.js';

export const DEFAULT_SEVERITY_MAP: Readonly<Record<string, Urgency>> = {
  critical: 'HIGH',
  error: 'HIGH',
  high: 'HIGH',
  warning: 'MEDIUM',
  medium: 'MEDIUM',
  info: 'LOW',
  low: 'LOW',
};

/** Parses "critical:HIGH,warning:MEDIUM,page:HIGH" into a map that extends the default one. */
export function parseSeverityMap(text: string | undefined): Record<string, Urgency> {
  const map: Record<string, Urgency> = { ...DEFAULT_SEVERITY_MAP };
  if (!text) return map;
  for (const pair of text.split(',')) {
    const [severity, urgency] = pair.split(':').map((s) => s?.trim());
    const upper = urgency?.toUpperCase() as Urgency | undefined;
    if (!severity || !upper || !URGENCIES.includes(upper)) {
      throw new ValidationError(
        `severity_map: "${pair}" should look like "critical:HIGH" (urgency HIGH, MEDIUM or LOW).`,
        'severity_map',
      );
    }
    map[severity.toLowerCase()] = upper;
  }
  return map;
}

export function urgencyFor(severity: string | undefined, map: Record<string, Urgency>, fallback: Urgency): Urgency {
  return (severity && map[severity.toLowerCase()]) || fallback;
}
