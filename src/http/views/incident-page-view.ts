// The incident page's look (GET /incidents/:id, "View in OpsKnight"): what a responder opened at
// 3 a.m. needs at a glance — urgency colour, status, how long ago, service, components, links,
// resolution — then the timeline. Pure (state and "now" in, HTML out); the route only checks access.
// Times are rendered in UTC on the server and rewritten in the viewer's zone by a few lines of
// script that embed the shared formatting functions, so the words match the CLI's and the sandbox's.
import type { Incident, IncidentStatus, TimelineEvent, Urgency } from '../../domain/model.js';
import { exactTime, humanTime, localTime, relativeTime, spokenDuration } from '../../shared/human-time.js';
import { escapeHtml } from '../../shared/escape-html.js';

/** What the page shows: the incident (with what came with its alert: links, labels, details) and its timeline. */
export interface IncidentPageModel {
  incident: Incident;
  timeline: readonly TimelineEvent[];
}

const URGENCY: Record<Urgency, { colour: string; tint: string; label: string }> = {
  HIGH: { colour: '#E01E5A', tint: '#fdecf1', label: '🔴 HIGH' },
  MEDIUM: { colour: '#ECB22E', tint: '#fdf6e3', label: '🟡 MEDIUM' },
  LOW: { colour: '#1264A3', tint: '#e8f1f9', label: '🔵 LOW' },
};
const STATUS: Record<IncidentStatus, { colour: string; label: string }> = {
  OPEN: { colour: '#E01E5A', label: 'Open' },
  ACKNOWLEDGED: { colour: '#B7791F', label: 'Acknowledged' },
  SNOOZED: { colour: '#7C3AED', label: 'Snoozed' },
  RESOLVED: { colour: '#007A5A', label: 'Resolved' },
};
const EVENT_WORDS: Record<string, string> = {
  triggered: '🚨 Triggered',
  acknowledged: '✅ Acknowledged',
  resolved: '🔧 Resolved',
  snoozed: '💤 Snoozed',
  woken: '⏰ Snooze ended',
  escalated: '📣 Escalated',
  sla_breached: '⏱️ SLA breached',
  note_added: '📝 Note',
};
const SOURCES: Record<string, string> = {
  slack: 'Slack',
  api: 'API',
  cli: 'CLI',
  scheduler: 'scheduler',
  alertmanager: 'Alertmanager',
  'events-v2': 'PagerDuty Events API',
};

const esc = escapeHtml;

/** Only web links: a `javascript:` href from an alert's payload must never become clickable. */
function safeHref(href: string): string | null {
  try {
    const u = new URL(href);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/** A time the viewer's browser rewrites into their own zone; UTC until it does (or without script). */
function time(at: Date, now: Date, kind: 'human' | 'clock' = 'human'): string {
  const utc = { timeZone: 'UTC', locale: 'en-GB' };
  const text = kind === 'human' ? `${humanTime(at.getTime(), now.getTime(), utc).replace(/\)$/, ' UTC)')}` : `${localTime(at.getTime(), now.getTime(), utc)} UTC`;
  return `<time datetime="${at.toISOString()}" data-kind="${kind}" title="${esc(exactTime(at.getTime(), utc))}">${esc(text)}</time>`;
}

function eventDetails(e: TimelineEvent): string {
  const d = e.details;
  const parts: string[] = [];
  if (typeof d.note === 'string') parts.push(`Resolution: ${d.note}`);
  if (typeof d.text === 'string') parts.push(d.text);
  if (typeof d.duration_ms === 'number') parts.push(`for ${spokenDuration(d.duration_ms)}`);
  if (typeof d.time_to_resolve_ms === 'number') parts.push(`after ${spokenDuration(d.time_to_resolve_ms)}`);
  if (typeof d.step === 'number') parts.push(`step ${d.step}`);
  if (Array.isArray(d.target_people) && d.target_people.length) {
    parts.push(`to ${(d.target_people as { name?: string }[]).map((p) => p.name ?? '?').join(', ')}`);
  }
  if (e.type === 'sla_breached' && typeof d.target_minutes === 'number') parts.push(`${d.kind === 'resolve' ? 'resolve' : 'acknowledge'} target ${d.target_minutes} min`);
  return esc(parts.join(' · '));
}

function fact(label: string, value: string | null): string {
  return value ? `<div class="fact"><dt>${label}</dt><dd>${value}</dd></div>` : '';
}

type PageIncident = IncidentPageModel['incident'];

const by = (who: { name: string } | null) => (who ? ` by ${esc(who.name)}` : '');

function linkItems(i: PageIncident): string {
  return i.context.links
    .map((l) => ({ text: l.text || l.href, href: safeHref(l.href) }))
    .filter((l): l is { text: string; href: string } => l.href !== null)
    .map((l) => `<li><a href="${esc(l.href)}" target="_blank" rel="noopener noreferrer">${esc(l.text)}</a></li>`)
    .join('');
}

/** One sentence under the title: where the incident stands and since when. */
function statusLine(i: PageIncident, now: Date): string {
  if (i.status === 'RESOLVED' && i.resolvedAt) return `Resolved${by(i.resolvedBy)} ${time(i.resolvedAt, now)}`;
  if (i.status === 'ACKNOWLEDGED' && i.acknowledgedAt) return `Acknowledged${by(i.acknowledgedBy)} ${time(i.acknowledgedAt, now)}`;
  if (i.status === 'SNOOZED' && i.snoozedUntil) return `Snoozed${by(i.snoozedBy)} until ${time(i.snoozedUntil, now, 'clock')}`;
  const openFor = now.getTime() - i.triggeredAt.getTime();
  return openFor < 60_000
    ? 'Just opened, nobody has acknowledged it yet'
    : `Open for ${esc(spokenDuration(openFor))}, nobody has acknowledged it yet`;
}

function timelineRows(model: IncidentPageModel, now: Date): string {
  return model.timeline
    .map(
      (e) =>
        `<tr><td data-label="When">${time(e.at, now, 'clock')}</td><td data-label="What">${esc(EVENT_WORDS[e.type] ?? e.type)}</td>` +
        `<td data-label="Who">${esc(e.actor.name)}</td><td data-label="How">${esc(SOURCES[e.source] ?? e.source)}</td><td data-label="Details">${eventDetails(e)}</td></tr>`,
    )
    .join('');
}

/** The facts list: service, times, people, links, labels, details; empty facts are left out. */
function facts(i: PageIncident, now: Date): string {
  const { labels, details } = i.context;
  const links = linkItems(i);
  return `${fact('Service', `<code>${esc(i.serviceSlug)}</code>`)}
${fact('Triggered', `${time(i.triggeredAt, now)}${by(i.triggeredBy)}${i.triggeredAt.getTime() !== i.createdAt.getTime() ? ` (received ${time(i.createdAt, now)})` : ''}`)}
${fact('Acknowledged', i.acknowledgedAt ? `${time(i.acknowledgedAt, now)}${by(i.acknowledgedBy)}` : null)}
${fact('Resolved', i.resolvedAt ? `${time(i.resolvedAt, now)}${by(i.resolvedBy)} — ${esc(spokenDuration(i.resolvedAt.getTime() - i.triggeredAt.getTime()))} after it began` : null)}
${fact('Snoozed until', i.status === 'SNOOZED' && i.snoozedUntil ? time(i.snoozedUntil, now) : null)}
${fact('Components', i.components.length ? i.components.map((c) => `<span class="chip">${esc(c)}</span>`).join(' ') : null)}
${fact('Assignee', i.assignee ? esc(i.assignee) : null)}
${fact('Triggers', i.triggerCount > 1 ? `${i.triggerCount} (last ${time(i.lastTriggeredAt, now)})` : null)}
${fact('Links', links ? `<ul class="links">${links}</ul>` : null)}
${fact('Labels', Object.keys(labels).length ? Object.keys(labels).sort().map((k) => `<span class="chip">${esc(k)}=${esc(labels[k]!)}</span>`).join(' ') : null)}
${Object.keys(details).map((k) => fact(esc(k), `<span class="detail">${esc(details[k]!)}</span>`)).join('')}`;
}

export function renderIncidentPage(model: IncidentPageModel, now: Date): string {
  const i = model.incident;
  const u = URGENCY[i.urgency];
  const s = STATUS[i.status];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>#${i.id} ${esc(i.title)} — ${esc(s.label)} — OpsKnight</title>
<link rel="icon" href="data:,">
<style>${css(u.colour, u.tint, s.colour)}</style></head><body>
<header class="head"><div class="wrap">
<div class="badges"><span class="urgency">${u.label} URGENCY</span><span class="status">${esc(s.label)}</span><span class="number">#${i.id}</span></div>
<h1>${esc(i.title)}</h1>
<p class="lead">${statusLine(i, now)}</p>
</div></header>
<main class="wrap">
${i.status === 'RESOLVED' && i.resolutionNote ? `<section class="resolution"><h2>Resolution</h2><p>${esc(i.resolutionNote)}</p></section>` : ''}
<section class="card"><dl>
${facts(i, now)}
</dl>
${i.description ? `<div class="description"><h2>Description</h2><p>${esc(i.description)}</p></div>` : ''}
</section>
<section><h2>Timeline</h2>
<table class="timeline"><thead><tr><th>When</th><th>What</th><th>Who</th><th>How</th><th>Details</th></tr></thead><tbody>${timelineRows(model, now)}</tbody></table>
</section>
<p class="foot">Times are shown in your time zone; hover one for the exact time.</p>
</main>
<script>${LOCAL_TIMES_SCRIPT}</script>
</body></html>`;
}

/** Rewrites every <time> in the viewer's zone, and keeps "… ago" true while the page stays open. */
const LOCAL_TIMES_SCRIPT = `(function () {
  var relativeTime = ${relativeTime.toString()};
  var localTime = ${localTime.toString()};
  var humanTime = ${humanTime.toString()};
  var exactTime = ${exactTime.toString()};
  function paint() {
    var now = Date.now();
    document.querySelectorAll('time[datetime]').forEach(function (el) {
      var at = Date.parse(el.getAttribute('datetime'));
      el.textContent = el.dataset.kind === 'clock' ? localTime(at, now) : humanTime(at, now);
      el.title = exactTime(at);
    });
  }
  paint();
  setInterval(paint, 30000);
})();`;

function css(urgency: string, tint: string, status: string): string {
  return `
:root { --border:#e3e3e3; --muted:#616061; --link:#1264a3; }
* { box-sizing:border-box; }
body { margin:0; font:15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif, "Noto Color Emoji"; color:#1d1c1d; background:#f8f8f8; }
.wrap { max-width:920px; margin:0 auto; padding:0 20px; }
.head { background:${tint}; border-top:8px solid ${urgency}; border-bottom:1px solid var(--border); padding:18px 0 14px; }
.badges { display:flex; gap:8px; flex-wrap:wrap; align-items:center; }
.urgency { background:${urgency}; color:#fff; font-weight:700; font-size:13px; border-radius:4px; padding:2px 8px; }
.status { border:2px solid ${status}; color:${status}; font-weight:700; font-size:13px; border-radius:999px; padding:0 10px; }
.number { color:var(--muted); font-weight:700; }
h1 { font-size:26px; line-height:1.25; margin:10px 0 6px; overflow-wrap:anywhere; }
h2 { font-size:17px; margin:22px 0 8px; }
.lead { margin:0; color:#333; }
time { border-bottom:1px dotted #999; cursor:help; }
.card, .resolution { background:#fff; border:1px solid var(--border); border-radius:8px; padding:14px 18px; margin-top:18px; }
.resolution { border-left:6px solid #007a5a; }
.resolution h2, .description h2 { margin-top:0; }
.resolution p, .description p { margin:0; white-space:pre-wrap; overflow-wrap:anywhere; }
.description { border-top:1px solid var(--border); margin-top:12px; padding-top:12px; }
dl { margin:0; display:grid; grid-template-columns:repeat(auto-fill, minmax(260px, 1fr)); gap:10px 24px; }
.fact dt { color:var(--muted); font-size:13px; }
.fact dd { margin:0; overflow-wrap:anywhere; }
.chip { display:inline-block; background:#f1f1f1; border:1px solid var(--border); border-radius:4px; padding:0 6px; font-size:13px; margin:1px 0; }
code { background:#f6f6f6; border:1px solid #e8e8e8; border-radius:3px; padding:0 4px; }
.links { margin:0; padding-left:18px; }
.detail { white-space:pre-wrap; }
a { color:var(--link); }
table.timeline { width:100%; border-collapse:collapse; background:#fff; border:1px solid var(--border); border-radius:8px; overflow:hidden; }
.timeline th { text-align:left; font-size:12px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); background:#fafafa; }
.timeline th, .timeline td { padding:8px 10px; border-bottom:1px solid #eee; vertical-align:top; }
.timeline td:first-child { white-space:nowrap; }
.foot { color:var(--muted); font-size:12px; margin:14px 0 30px; }
@media (max-width: 640px) {
  .wrap { padding:0 12px; }
  h1 { font-size:21px; }
  .timeline thead { display:none; }
  .timeline, .timeline tbody, .timeline tr, .timeline td { display:block; width:100%; }
  .timeline tr { border-bottom:1px solid var(--border); padding:6px 0; }
  .timeline td { border:none; padding:2px 10px; }
  .timeline td::before { content:attr(data-label) ": "; color:var(--muted); font-size:12px; }
  .timeline td:empty { display:none; }
}`;
}
