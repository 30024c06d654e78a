import { CLIENT_SCRIPT } from './client-script.js';
import { page } from './html.js';

const CSS = `
.app { display:grid; grid-template-columns: 240px 1fr; grid-template-rows: auto auto 1fr; height:100vh; }
.top { grid-row:1; } #notice { grid-row:2; } .side, .main { grid-row:3; }
.top { grid-column: 1 / 3; background:#350d36; color:#fff; display:flex; align-items:center; gap:8px 12px; padding:6px 12px; min-height:44px; flex-wrap:wrap; }
.top select, .top button { font-size:13px; white-space:nowrap; }
.top label { white-space:nowrap; display:flex; align-items:center; gap:4px; min-width:0; }
.top select { max-width:220px; }
.top .brand { font-weight:700; margin-right:auto; white-space:nowrap; }
.top .status { font-size:12px; color:#cfc3cf; flex:1 1 0; min-width:0; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; text-align:right; }
.top button:disabled { opacity:.55; cursor:not-allowed; }
#notice { grid-column: 1 / 3; background:#fff4d6; border-bottom:1px solid #ecb22e; padding:6px 12px; font-size:13px; display:none; }
@media (max-width: 1100px) { .top .status { display:none; } .top select { max-width:170px; } }
@media (max-width: 900px) { .app { grid-template-columns: 170px 1fr; } .top .label-text { display:none; } .top select { max-width:150px; } }
.side { background:var(--side); color:var(--side-text); overflow:auto; padding:8px 0; }
.side ul { list-style:none; margin:0; padding:0; }
.side li { padding:4px 16px; cursor:pointer; }
.side li.active { background:#1164a3; color:#fff; }
.side li.archived { opacity:.5; text-decoration:line-through; }
.main { display:flex; flex-direction:column; min-height:0; }
.channel-head { border-bottom:1px solid var(--border); padding:8px 16px; font-weight:700; }
#messages { flex:1; overflow:auto; padding:8px 16px; }
.message { padding:6px 0; border-bottom:1px solid #f3f3f3; }
.message.ephemeral { background:#f8f8ff; }
.message.broadcast { background:#fffbea; }
.meta { font-size:14px; }
.app-tag { font-size:10px; background:#eee; border-radius:2px; padding:0 3px; color:#555; }
.eph { font-size:12px; color:#1264a3; }
.muted { color:var(--muted); } .small { font-size:11px; }
.bk-header { font-size:18px; font-weight:700; margin:4px 0; }
.bk-section { display:flex; gap:12px; margin:4px 0; }
.bk-section-main { flex:1; }
.bk-fields { display:grid; grid-template-columns:1fr 1fr; gap:4px 16px; margin-top:4px; }
.bk-select.overflow { width:48px; } /* the "⋯" menu is a narrow button in Slack */
.bk-context { font-size:12px; color:var(--muted); margin:4px 0; }
.bk-actions { display:flex; gap:8px; flex-wrap:wrap; margin:6px 0; }
.bk-divider { border:none; border-top:1px solid var(--border); }
.attachment { border-left:4px solid #ddd; padding-left:10px; margin:4px 0; }
.thread-toggle { color:var(--link); font-size:13px; cursor:pointer; margin-top:2px; }
.thread { margin-left:24px; border-left:2px solid #eee; padding-left:10px; }
.mention { background:#e8f5fa; color:#1264a3; border-radius:3px; padding:0 2px; }
blockquote { margin:0; border-left:3px solid #ddd; padding-left:8px; }
form#composer { border-top:1px solid var(--border); padding:8px 16px; }
form#composer input { width:100%; padding:8px; border:1px solid #bbb; border-radius:6px; font:inherit; }
.overlay { position:fixed; inset:0; background:rgba(0,0,0,.45); display:flex; align-items:center; justify-content:center; }
.modal { background:#fff; width:520px; max-height:85vh; overflow:auto; border-radius:8px; box-shadow:0 10px 40px rgba(0,0,0,.3); }
.modal-title { font-weight:700; font-size:18px; padding:14px 18px; border-bottom:1px solid var(--border); }
.modal-body { padding:12px 18px; }
.modal-foot { padding:12px 18px; border-top:1px solid var(--border); text-align:right; }
.input-block { margin:10px 0; } .input-block label { display:block; font-weight:700; margin-bottom:4px; }
.input-block input, .input-block textarea, .input-block select { width:100%; padding:6px; font:inherit; }
.input-error { color:#e01e5a; font-size:13px; }
#toast { display:none; position:fixed; top:56px; right:16px; max-width:min(520px, 60vw); background:#e01e5a; color:#fff; padding:8px 14px; border-radius:6px; box-shadow:0 4px 14px rgba(0,0,0,.2); z-index:10; }
#toast.info { background:#1d1c1d; }
.empty { padding:30px; text-align:center; }
`;

export function appPage(): string {
  return page(
    'Slack sandbox — opsknight-slack',
    `<div class="app">
      <div class="top">
        <span class="brand">Slack sandbox</span>
        <label><span class="label-text">Workspace</span> <select id="teams" aria-label="Workspace"></select></label>
        <label><span class="label-text">Acting as</span> <select id="as" aria-label="Acting as"></select></label>
        <button id="shortcut" title="Global shortcut: Create Incident">⚡ Create Incident</button>
        <button id="demo" class="primary" style="display:none">Trigger a demo incident</button>
        <span class="status" id="status"></span>
      </div>
      <div id="notice" role="status"></div>
      <nav class="side"><ul id="channels"></ul></nav>
      <main class="main">
        <div class="channel-head" id="channel-title"></div>
        <div id="messages"></div>
        <form id="composer"><input placeholder="Type a message or a slash command, e.g. /opsknight incidents" autocomplete="off"></form>
      </main>
    </div>
    <div id="modal-root"></div><div id="toast"></div>
    <script>${CLIENT_SCRIPT}</script>`,
    CSS,
  );
}
