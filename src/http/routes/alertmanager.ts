// Alertmanager webhook (payload version 4). Firing alerts open or dedupe into incidents, resolved
// alerts resolve them. Options come from the receiver URL's query string, so each receiver can differ:
//   ?service=<slug>            service for every alert (else the alert's `service` label)
//   &service_label=<label>     which label names the service (default "service")
//   &fallback_service=<slug>   where alerts go whose service does not exist (see src/intake/fallback.ts)
//   &dedup=alert|group         one incident per alert fingerprint (default) or per notification group
//   &severity_map=critical:HIGH,warning:MEDIUM   extends the default severity → urgency map
//   &default_urgency=HIGH      urgency when the severity label is missing or unknown
// One bad alert never sinks its group: each alert is read, placed and written on its own; the
// webhook is refused (400) only when nothing in it is usable.
import { Router } from 'express';
import { DomainError } from '../../domain/errors.js';
import type { Directory } from '../../domain/directory.js';
import type { IncidentService } from '../../domain/incident-service.js';
import type { Actor } from '../../domain/model.js';
import { planAlerts, querySchema, readAlerts, readableGroup, webhookSchema, type PlannedAlert } from '../../intake/alertmanager.js';
import { fallbackReason, UNROUTED_SERVICE } from '../../intake/fallback.js';
import type { Logger } from '../../observability/logger.js';
import type { Metrics } from '../../observability/metrics.js';
import { errorAnswer, HttpError } from '../error-handler.js';
import type { Commit } from '../../store/group-commit.js';

const ACTOR: Actor = { name: 'Alertmanager' };

export interface AlertmanagerOptions {
  logger: Logger;
  /** The configured default fallback service, if any. */
  fallbackService?: () => string | null;
}

interface Placed extends PlannedAlert {
  service: string;
  /** Set when the alert is on the fallback service: why. */
  fallback: string | null;
}

export function alertmanagerRoutes(incidents: IncidentService, directory: Directory, commit: Commit, metrics: Metrics, options: AlertmanagerOptions): Router {
  const router = Router();
  const log = options.logger;

  const receive = async (query: unknown, body: unknown) => {
    const q = querySchema.parse(query);
    const envelope = webhookSchema.safeParse(body);
    if (!envelope.success) throw envelope.error;
    const hook = envelope.data;
    const { alerts, rejected } = readAlerts(hook);
    if (rejected.length) log.warn({ group: readableGroup(hook), rejected }, 'Alertmanager: alerts that cannot be read were left out; the rest are taken');
    if (!alerts.length) throw new HttpError(400, 'No alert in this webhook can be read.', { error: 'invalid_request', errors: rejected.flatMap((r) => r.errors) });

    const truncated = hook.truncatedAlerts ?? 0;
    if (truncated > 0) {
      metrics.alertsTruncated.inc(truncated);
      log.warn({ group: readableGroup(hook), receiver: hook.receiver, sent: alerts.length, left_out: truncated },
        `Alertmanager left ${truncated} alert(s) out of this notification: raise max_alerts on the receiver`);
    }

    // Placement: the named service when it exists, else the fallback (configured, else "unrouted").
    const known = new Set(directory.listServices().map((s) => s.slug));
    const wantedFallback = q.fallback_service ?? options.fallbackService?.() ?? null;
    if (wantedFallback && !known.has(wantedFallback)) {
      log.warn({ fallback_service: wantedFallback }, `Alertmanager: the fallback service "${wantedFallback}" does not exist; using "${UNROUTED_SERVICE.slug}"`);
    }
    const fallbackSlug = wantedFallback && known.has(wantedFallback) ? wantedFallback : UNROUTED_SERVICE.slug;
    const placed: Placed[] = planAlerts(hook, alerts, q).map((p) =>
      p.wantedService && known.has(p.wantedService)
        ? { ...p, service: p.wantedService, fallback: null }
        : { ...p, service: fallbackSlug, fallback: fallbackReason(p.wantedService, q.service_label, [...known].sort()) },
    );
    const onFallback = placed.filter((p) => p.fallback);
    if (onFallback.length) {
      log.warn({ fallback_service: fallbackSlug, alerts: onFallback.length, reasons: [...new Set(onFallback.map((p) => p.fallback))] },
        `Alertmanager: ${onFallback.length} alert(s) placed on the fallback service "${fallbackSlug}"`);
    }

    const results = await commit(() => {
      if (onFallback.some((p) => p.status === 'firing')) directory.ensureService(fallbackSlug === UNROUTED_SERVICE.slug ? UNROUTED_SERVICE : { slug: fallbackSlug });
      return placed.map((p) => {
        try {
          return write(p);
        } catch (err) {
          // Its own savepoint was undone; the other alerts are still written.
          if (!(err instanceof DomainError)) throw err;
          log.warn({ dedup_key: p.dedupKey, service: p.service, error: err.message }, 'Alertmanager: an alert could not be written');
          return { dedup_key: p.dedupKey, action: 'rejected', incident_id: null, service: p.service, error: err.message };
        }
      });
    });
    return { status: 'ok', results, ...(rejected.length ? { rejected } : {}) };
  };

  const write = (p: Placed) => {
    const base = { dedup_key: p.dedupKey, service: p.service, ...(p.fallback ? { fallback: p.fallback } : {}) };
    if (p.status === 'resolved') {
      const open = incidents.findUnresolvedByDedupKey(p.service, p.dedupKey);
      if (!open) return { ...base, action: 'ignored', incident_id: null };
      incidents.resolve(open.id, ACTOR, 'alertmanager', 'Resolved by Alertmanager: the alert stopped firing.');
      return { ...base, action: 'resolved', incident_id: open.id };
    }
    const note = p.fallback ? `Placed on the fallback service "${p.service}": ${p.fallback}.` : null;
    const r = incidents.trigger(
      {
        title: p.title,
        serviceSlug: p.service,
        urgency: p.urgency,
        description: [note && `⚠️ ${note}`, p.description].filter(Boolean).join('\n\n'),
        components: p.components,
        dedupKey: p.dedupKey,
        triggeredAt: p.startsAt,
        context: p.context,
        note,
      },
      ACTOR,
      'alertmanager',
    );
    if (r.created) metrics.incidentsCreated.inc({ source: 'alertmanager' });
    return { ...base, action: r.created ? 'created' : 'deduplicated', incident_id: r.incident.id };
  };

  router.post('/', async (req, res) => {
    try {
      res.json(await receive(req.query, req.body));
    } catch (err) {
      const answer = errorAnswer(err);
      // Alertmanager treats a 4xx as final: whatever it sent is lost, so say so loudly.
      if (answer && answer.status < 500) log.warn({ status: answer.status, error: answer.body.message }, 'Alertmanager webhook refused: nothing in it was usable');
      throw err;
    }
  });
  return router;
}
