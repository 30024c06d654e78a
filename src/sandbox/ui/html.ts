// Small helpers for the sandbox's server-rendered pages.

import { escapeHtml } from '../../shared/escape-html.js';

export { escapeHtml };

export const BASE_CSS = `
:root { --bg:#fff; --side:#3f0e40; --side-text:#d1c3d1; --border:#ddd; --muted:#616061; --link:#1264a3; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.46 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif, "Noto Color Emoji"; color:#1d1c1d; background:var(--bg); }
button { font:inherit; cursor:pointer; border:1px solid #bbb; background:#fff; border-radius:4px; padding:3px 10px; }
button.primary { background:#007a5a; color:#fff; border-color:#007a5a; }
button.danger { background:#e01e5a; color:#fff; border-color:#e01e5a; }
code { background:#f6f6f6; border:1px solid #e8e8e8; border-radius:3px; padding:0 3px; }
.oauth { max-width:560px; margin:60px auto; border:1px solid var(--border); border-radius:8px; padding:24px; }
.oauth label { display:block; margin:10px 0; }
`;

export function page(title: string, body: string, extra = ''): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="icon" href="data:,"><style>${BASE_CSS}${extra}</style></head><body>${body}</body></html>`;
}
