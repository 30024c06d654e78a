// Details and links from what monitoring tools send: bounded, readable, safe.
import { describe, expect, it } from 'vitest';
import { boundedJson, flattenDetails, MAX_DETAIL_ENTRIES } from '../../../src/intake/details.js';
import { alertmanagerLinks, silenceUrl, webUrl } from '../../../src/intake/links.js';

describe('flattenDetails', () => {
  it('turns nested details into dotted keys with readable values', () => {
    expect(flattenDetails({ a: 1, b: { c: true, d: null }, list: ['x', 2], objs: [{ n: 1 }], empty: {} })).toEqual({
      a: '1',
      'b.c': 'true',
      'b.d': 'null',
      list: 'x, 2',
      'objs.0.n': '1',
      empty: '{}',
    });
    expect(flattenDetails('just text')).toEqual({ details: 'just text' });
    expect(flattenDetails(undefined)).toEqual({});
  });

  it('stays bounded however wide or deep the input is', () => {
    const wide = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, 'v'.repeat(10_000)]));
    const flat = flattenDetails(wide);
    expect(Object.keys(flat)).toHaveLength(MAX_DETAIL_ENTRIES);
    expect(Math.max(...Object.values(flat).map((v) => v.length))).toBeLessThanOrEqual(2000);
    let deep: unknown = 'bottom';
    for (let i = 0; i < 100_000; i++) deep = { level: deep };
    const [key, value] = Object.entries(flattenDetails(deep))[0]!;
    expect(key!.split('.')).toHaveLength(6);
    expect(value).toBe('{"level": {"level": {…}}}');
    expect(boundedJson({ a: 'x'.repeat(5000) }, 3, 100).length).toBeLessThanOrEqual(100);
  });
});

describe('links', () => {
  it('keeps only http(s) URLs', () => {
    expect(webUrl('https://runbooks.example.com/x')).toBe('https://runbooks.example.com/x');
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'not a url', 'ftp://x', 42]) expect(webUrl(bad)).toBeNull();
  });

  it('builds a silence with every label as a quoted, escaped matcher', () => {
    const url = silenceUrl('http://am:9093/', { b: 'say "hi"', a: 'c:\\d' })!;
    expect(url.startsWith('http://am:9093/#/silences/new?filter=')).toBe(true);
    expect(decodeURIComponent(url.split('filter=')[1]!)).toBe('{a="c:\\\\d",b="say \\"hi\\""}');
    expect(silenceUrl(undefined, { a: 'b' })).toBeNull();
  });

  it('puts the runbook first, then the dashboard, names other URL annotations after their key, and drops repeats', () => {
    const links = alertmanagerLinks({
      annotations: { grafana_panel_url: 'https://g/p', dashboard_url: 'https://g/d', runbook_url: 'https://r', also_runbook: 'https://r' },
      labels: {},
      generatorURL: 'http://prom/graph',
    });
    expect(links).toEqual([
      { text: 'Runbook', href: 'https://r' },
      { text: 'Dashboard', href: 'https://g/d' },
      { text: 'Source', href: 'http://prom/graph' },
      { text: 'Grafana panel', href: 'https://g/p' },
    ]);
  });
});
