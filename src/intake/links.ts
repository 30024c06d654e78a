// Links that come with an alert: runbooks, dashboards, the source graph, a ready Alertmanager
// silence, Events v2 links/images/client. Only http(s) URLs are kept (never javascript: and the like).
import type { IncidentLink } from '../domain/model.js';

export const MAX_LINKS = 10;
const MAX_URL = 2000;
const MAX_TEXT = 80;

export function webUrl(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if (!text || text.length > MAX_URL || /\s/.test(text)) return null;
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? text : null;
  } catch {
    return null;
  }
}

const NAMED_ANNOTATIONS: Record<string, string> = {
  runbook_url: 'Runbook',
  runbook: 'Runbook',
  playbook_url: 'Playbook',
  dashboard_url: 'Dashboard',
  dashboard: 'Dashboard',
};

/** "grafana_panel_url" → "Grafana panel". */
export function linkTextFor(key: string): string {
  const named = NAMED_ANNOTATIONS[key.toLowerCase()];
  if (named) return named;
  const words = key.replace(/[_-]?url$/i, '').replace(/[_-]+/g, ' ').trim() || key;
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** Alertmanager's UI: a new silence pre-filled with the alert's labels as matchers. */
export function silenceUrl(externalURL: string | undefined, labels: Record<string, string>): string | null {
  const base = webUrl(externalURL);
  const keys = Object.keys(labels).sort();
  if (!base || !keys.length) return null;
  const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const matchers = keys.map((k) => `${k}=${quote(labels[k]!)}`).join(',');
  return `${base.replace(/\/+$/, '')}/#/silences/new?filter=${encodeURIComponent(`{${matchers}}`)}`;
}

/** Adds links in order, without repeats or unsafe URLs, up to MAX_LINKS. */
export class LinkList {
  private readonly links: IncidentLink[] = [];

  add(text: string | undefined | null, href: unknown): this {
    const url = webUrl(href);
    if (!url || this.links.length >= MAX_LINKS || this.links.some((l) => l.href === url)) return this;
    const label = (text ?? '').replace(/\s+/g, ' ').trim() || 'Link';
    this.links.push({ text: label.length > MAX_TEXT ? `${label.slice(0, MAX_TEXT - 1)}…` : label, href: url });
    return this;
  }

  toArray(): IncidentLink[] {
    return [...this.links];
  }
}

export interface AlertLinkSource {
  annotations: Record<string, string>;
  labels: Record<string, string>;
  generatorURL?: string | undefined;
  externalURL?: string | undefined;
}

/** Runbook and dashboard first, then the source graph, other URL annotations, and the silence. */
export function alertmanagerLinks(a: AlertLinkSource): IncidentLink[] {
  const list = new LinkList();
  const urlKeys = Object.keys(a.annotations).filter((k) => webUrl(a.annotations[k]));
  const order = Object.keys(NAMED_ANNOTATIONS);
  const named = urlKeys.filter((k) => NAMED_ANNOTATIONS[k.toLowerCase()]).sort((x, y) => order.indexOf(x.toLowerCase()) - order.indexOf(y.toLowerCase()));
  for (const k of named) list.add(linkTextFor(k), a.annotations[k]);
  list.add('Source', a.generatorURL);
  for (const k of urlKeys) if (!named.includes(k)) list.add(linkTextFor(k), a.annotations[k]);
  list.add('Silence', silenceUrl(a.externalURL, a.labels));
  return list.toArray();
}

/** Annotations whose value is a URL become links, not details. */
export function isLinkAnnotation(value: string): boolean {
  return webUrl(value) !== null;
}
