import { CLIENT_SCRIPT } from './client-script.js';
import { page } from './html.js';

const CSS = `
.app { display:grid; grid-template-columns: 240px 1fr; grid-template-rows: 44px 1fr; height:100vh; }
.top { grid-column: 1 / 3; background:#350d36; color:#fff; display:flex; align-items:center; gap:12px; padding:0 12px; }
.top select, .top button { font-size:13px; }
.top .brand { font-weight:700; margin-right:auto; }
.top .status { font-size:12px; color:#cfc3cf; }
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
#toast { display:none; position:fixed; bottom:20px; right:20px; background:#e01e5a; color:#fff; padding:8px 14px; border-radius:6px; }
.empty { padding:30px; text-align:center; }
`;

export function appPage(): string {
  return page(
    'Slack sandbox — opsknight-slack',
    `<div class="app">
      <div class="top">
        <span class="brand">Slack sandbox</span>
        <label>Workspace <select id="teams"></select></label>
        <label>Acting as <select id="as"></select></label>
        <button id="shortcut" title="Global shortcut: Create Incident">⚡ Create Incident</button>
        <button id="demo" class="primary" style="display:none">Trigger a demo incident</button>
        <span class="status" id="status"></span>
      </div>
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
