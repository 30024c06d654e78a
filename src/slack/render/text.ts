// Safe text for Slack: escaped, truncated, and never able to mention, link or notify on its own.

/** Slack's escaping: &, < and > only. With < escaped, user text cannot form <!channel>, <@U…> or links. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Cuts at a character boundary (never inside a surrogate pair) and marks the cut. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, max - 1).join('')}…`;
}

/** Escapes, then truncates without splitting an escape sequence. */
export function safeMrkdwn(text: string, max: number): string {
  const escaped = escapeMrkdwn(text);
  if (escaped.length <= max) return escaped;
  let cut = truncate(escaped, max);
  // Drop a dangling partial entity such as "&am…".
  cut = cut.replace(/&[a-z]{0,4}…$/, '…');
  return cut;
}

/** A Slack date token: each reader sees it in their own time zone. */
export function dateToken(at: Date, format: string): string {
  const unix = Math.floor(at.getTime() / 1000);
  const fallback = at.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
  return `<!date^${unix}^${format}|${fallback}>`;
}

/** How Slack messages word a moment (see TimePhrase): date tokens, so each reader sees it in their own
 *  zone and the "ago" stays true as the message ages. */
export function slackTimePhrase(at: Date, preposition: 'at' | 'until'): string {
  const when = dateToken(at, '{date_short_pretty} at {time}');
  return preposition === 'at' ? `${dateToken(at, '{ago}')}, on ${when}` : `until ${when}`;
}
