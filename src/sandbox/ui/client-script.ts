// The sandbox UI's browser code: plain JavaScript, no framework, no build step. It polls the
// sandbox for changes and renders channels, messages (from their Block Kit), threads, ephemeral
// messages and modals; clicks and submissions go back to the sandbox, which signs them for the app.
import { relativeTime } from '../../shared/human-time.js';
import { EMOJI } from './emoji.js';

export const CLIENT_SCRIPT = String.raw`
(function () {
  // The product's own wording of relative times ("1 minute ago"), embedded as it is.
  var relativeTime = ${relativeTime.toString()};
  var EMOJI = ${JSON.stringify(EMOJI)};
  // :white_check_mark: → ✅, as Slack renders shortcodes (unknown ones stay as typed).
  function emoji(s) { return s.replace(/:([a-z0-9_+-]+):/g, function (all, name) { return Object.prototype.hasOwnProperty.call(EMOJI, name) ? EMOJI[name] : all; }); }
  var state = { team: null, channel: null, as: null, version: -1, data: null, openThreads: {} };
  var $ = function (sel) { return document.querySelector(sel); };

  function esc(s) {
    return String(s == null ? '' : s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  }
  // Slack escapes &, < and > in message text; links and mentions use <...>.
  function unescapeSlack(s) { return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'); }

  function userName(id) {
    var u = state.data && state.data.users.find(function (x) { return x.id === id; });
    return u ? u.name : id;
  }
  // <#C123> shows the channel's name, as in Slack.
  function channelName(id) {
    var c = state.data && state.data.channels.find(function (x) { return x.id === id; });
    return c ? c.name : id;
  }
  function fmtDate(ts, format, fallback) {
    var d = new Date(Number(ts) * 1000);
    if (isNaN(d.getTime())) return esc(fallback);
    var ago = relativeTime(d.getTime(), Date.now());
    var out = format
      .replace('{ago}', ago)
      .replace('{date_short_pretty}', d.toLocaleDateString())
      .replace('{date_short}', d.toLocaleDateString())
      .replace('{date_long}', d.toDateString())
      .replace('{date}', d.toDateString())
      .replace('{time}', d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }))
      .replace('{time_secs}', d.toLocaleTimeString());
    return '<span class="date" title="' + esc(d.toString()) + '">' + esc(out) + '</span>';
  }
  function mrkdwn(text) {
    var tokens = [];
    var s = String(text == null ? '' : text).replace(/<([^<>]+)>/g, function (_, inner) {
      var html;
      var parts = inner.split('|');
      var target = parts[0];
      var label = parts.slice(1).join('|');
      if (target[0] === '@') html = '<span class="mention">@' + esc(userName(target.slice(1))) + '</span>';
      else if (target[0] === '#') html = '<span class="mention">#' + esc(label || channelName(target.slice(1))) + '</span>';
      else if (target.indexOf('!date^') === 0) { var d = target.split('^'); html = fmtDate(d[1], d[2] || '{date}', unescapeSlack(label)); }
      else if (target[0] === '!') html = '<span class="mention">@' + esc(target.slice(1).split('^')[0]) + '</span>';
      else html = '<a href="' + esc(unescapeSlack(target)) + '" target="_blank" rel="noopener">' + esc(unescapeSlack(label || target)) + '</a>';
      tokens.push(html);
      return '\u0000' + (tokens.length - 1) + '\u0000';
    });
    s = emoji(esc(unescapeSlack(s)))
      .replace(/\x60\x60\x60([\s\S]+?)\x60\x60\x60/g, '<pre>$1</pre>')
      .replace(/\x60([^\x60]+)\x60/g, '<code>$1</code>')
      .replace(/(^|[\s(])\*([^*\n]+)\*/g, '$1<b>$2</b>')
      .replace(/(^|[\s(])_([^_\n]+)_/g, '$1<i>$2</i>')
      .replace(/(^|[\s(])~([^~\n]+)~/g, '$1<s>$2</s>')
      .replace(/^&gt; ?(.*)$/gm, '<blockquote>$1</blockquote>')
      .replace(/\n/g, '<br>');
    return s.replace(/\u0000(\d+)\u0000/g, function (_, i) { return tokens[Number(i)]; });
  }
  function textObj(t) {
    if (!t) return '';
    return t.type === 'mrkdwn' ? mrkdwn(t.text) : t.emoji === false ? esc(t.text) : emoji(esc(t.text));
  }
  function element(el, ctx) {
    var attrs = ' data-ts="' + esc(ctx.ts) + '" data-channel="' + esc(ctx.channel) + '" data-block-id="' + esc(ctx.blockId) + '" data-action-id="' + esc(el.action_id) + '"';
    if (el.type === 'button') {
      var cls = el.style === 'primary' ? 'primary' : el.style === 'danger' ? 'danger' : '';
      return '<button class="bk-button ' + cls + '"' + attrs + (el.url ? ' data-url="' + esc(el.url) + '"' : '') + (el.confirm ? ' data-confirm="' + esc([el.confirm.title && el.confirm.title.text, el.confirm.text && el.confirm.text.text].filter(Boolean).join('\n\n')) + '"' : '') + ' data-value="' + esc(el.value == null ? '' : el.value) + '">' + esc(el.text && el.text.text) + (el.url ? ' ↗' : '') + '</button>';
    }
    if (el.type === 'static_select' || el.type === 'overflow') {
      var opts = (el.options || []).map(function (o) { return '<option value="' + esc(o.value) + '">' + esc(o.text && o.text.text) + '</option>'; }).join('');
      var ph = el.type === 'overflow' ? '⋯' : esc((el.placeholder && el.placeholder.text) || 'Choose…');
      return '<select class="bk-select ' + el.type + '"' + attrs + '><option value="" selected disabled>' + ph + '</option>' + opts + '</select>';
    }
    if (el.type === 'image') return '<img class="bk-image-el" src="' + esc(el.image_url) + '" alt="' + esc(el.alt_text) + '">';
    if (el.type === 'mrkdwn' || el.type === 'plain_text') return '<span>' + textObj(el) + '</span>';
    return '<span class="muted">[' + esc(el.type) + ']</span>';
  }
  function blocks(list, m) {
    return (list || []).map(function (b, i) {
      var ctx = { ts: m.ts, channel: m.channel, blockId: b.block_id || ('b' + i) };
      switch (b.type) {
        case 'header': return '<div class="bk-header">' + emoji(esc(b.text && b.text.text)) + '</div>';
        case 'divider': return '<hr class="bk-divider">';
        case 'section':
          return '<div class="bk-section"><div class="bk-section-main">' + (b.text ? '<div class="bk-text">' + textObj(b.text) + '</div>' : '') +
            (b.fields ? '<div class="bk-fields">' + b.fields.map(function (f) { return '<div>' + textObj(f) + '</div>'; }).join('') + '</div>' : '') +
            '</div>' + (b.accessory ? '<div class="bk-accessory">' + element(b.accessory, ctx) + '</div>' : '') + '</div>';
        case 'context': return '<div class="bk-context">' + (b.elements || []).map(function (e) { return element(e, ctx); }).join(' ') + '</div>';
        case 'actions': return '<div class="bk-actions">' + (b.elements || []).map(function (e) { return element(e, ctx); }).join('') + '</div>';
        case 'image': return '<img class="bk-image" src="' + esc(b.image_url) + '" alt="' + esc(b.alt_text) + '">';
        case 'markdown': return '<div class="bk-text">' + mrkdwn(b.text) + '</div>';
        default: return '<div class="muted">[' + esc(b.type) + ' block]</div>';
      }
    }).join('');
  }
  var COLORS = { good: '#2eb67d', warning: '#ecb22e', danger: '#e01e5a' };
  function message(m, isReply) {
    var body = (m.blocks && m.blocks.length) ? blocks(m.blocks, m) : '<div class="bk-text">' + mrkdwn(m.text) + '</div>';
    var atts = (m.attachments || []).map(function (a) {
      var color = COLORS[a.color] || a.color || '#ddd';
      var inner = a.blocks ? blocks(a.blocks, m) : '<div class="bk-text">' + mrkdwn(a.text || a.fallback || '') + '</div>';
      return '<div class="attachment" style="border-left-color:' + esc(color) + '" data-color="' + esc(a.color || '') + '">' + inner + '</div>';
    }).join('');
    var replies = state.data.replies[m.ts] || [];
    var thread = '';
    if (!isReply && replies.length) {
      var open = state.openThreads[m.ts] !== false;
      thread = '<div class="thread-toggle" data-thread="' + esc(m.ts) + '">' + replies.length + (replies.length === 1 ? ' reply' : ' replies') + (open ? ' ▾' : ' ▸') + '</div>' +
        (open ? '<div class="thread">' + replies.map(function (r) { return message(r, true); }).join('') + '</div>' : '');
    }
    var who = m.user_name || 'OpsKnight';
    var time = new Date(Number(m.ts) * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
    return '<div class="message' + (m.ephemeral ? ' ephemeral' : '') + (m.reply_broadcast ? ' broadcast' : '') + '" data-ts="' + esc(m.ts) + '">' +
      '<div class="meta"><b>' + esc(who) + '</b>' + (m.is_app || !m.user_name ? ' <span class="app-tag">APP</span>' : '') + ' <span class="muted">' + esc(time) + (m.edited ? ' (edited)' : '') + '</span>' +
      (m.ephemeral ? '' : ' <a href="#" class="msg-shortcut small" title="Message shortcut" data-channel-id="' + esc(m.channel) + '" data-ts="' + esc(m.ts) + '" data-callback-id="add_to_timeline">⋮ Add to incident timeline</a>') +
      (isReply || m.ephemeral ? '' : ' <a href="#" class="reply-in-thread small" data-ts="' + esc(m.ts) + '">Reply in thread</a>') +
      (m.ephemeral ? ' <span class="eph">Only visible to you</span>' : '') + (m.reply_broadcast ? ' <span class="muted">replied to a thread</span>' : '') + '</div>' +
      body + atts + thread + '</div>';
  }
  function modal(v) {
    if (!v) return '';
    var errs = v.errors || {};
    var typed = v.values || {};
    var inner = (v.view.blocks || []).map(function (b, i) {
      if (b.type !== 'input') return blocks([b], { ts: '', channel: '' });
      var el = b.element || {};
      var id = 'in-' + esc(b.block_id) + '-' + esc(el.action_id);
      // What the user typed survives an answer with errors, as in Slack; else the view's initial value.
      var mine = typed[b.block_id] && el.action_id in typed[b.block_id] ? typed[b.block_id][el.action_id] || '' : null;
      var initial = function (fallback) { return mine !== null ? mine : fallback || ''; };
      var field;
      if (el.type === 'static_select') {
        var chosen = initial(el.initial_option && el.initial_option.value);
        field = '<select id="' + id + '"><option value="">' + esc((el.placeholder && el.placeholder.text) || 'Choose…') + '</option>' +
          (el.options || []).map(function (o) { var sel = chosen === o.value ? ' selected' : ''; return '<option value="' + esc(o.value) + '"' + sel + '>' + esc(o.text.text) + '</option>'; }).join('') + '</select>';
      } else if (el.type === 'users_select' || el.type === 'multi_users_select') {
        var people = state.data.users.filter(function (u) { return !u.is_bot && u.team_id === state.team; });
        field = '<select id="' + id + '"' + (el.type === 'multi_users_select' ? ' multiple size="4"' : '') + '>' + (el.type === 'users_select' ? '<option value="">' + esc((el.placeholder && el.placeholder.text) || 'Choose a person…') + '</option>' : '') +
          people.map(function (u) { return '<option value="' + esc(u.id) + '">' + esc(u.real_name) + ' (@' + esc(u.name) + ')</option>'; }).join('') + '</select>';
      } else if (el.type === 'datepicker') field = '<input type="date" id="' + id + '" value="' + esc(initial(el.initial_date)) + '">';
      else if (el.type === 'timepicker') field = '<input type="time" id="' + id + '" value="' + esc(initial(el.initial_time)) + '">';
      else if (el.multiline) field = '<textarea id="' + id + '" rows="4" placeholder="' + esc(el.placeholder && el.placeholder.text) + '">' + esc(initial(el.initial_value)) + '</textarea>';
      else field = '<input type="text" id="' + id + '" placeholder="' + esc(el.placeholder && el.placeholder.text) + '" value="' + esc(initial(el.initial_value)) + '">';
      return '<div class="input-block" data-block-id="' + esc(b.block_id) + '" data-action-id="' + esc(el.action_id) + '"><label for="' + id + '">' + esc(b.label && b.label.text) + (b.optional ? ' <span class="muted">(optional)</span>' : '') + '</label>' + field +
        (b.hint ? '<div class="muted">' + esc(b.hint.text) + '</div>' : '') + (errs[b.block_id] ? '<div class="input-error">' + esc(errs[b.block_id]) + '</div>' : '') + '</div>';
    }).join('');
    return '<div class="overlay"><div class="modal" data-view-id="' + esc(v.id) + '"><div class="modal-title">' + esc(v.view.title && v.view.title.text) + '</div>' +
      '<div class="modal-body">' + inner + '</div><div class="modal-foot"><button class="modal-close">' + esc((v.view.close && v.view.close.text) || 'Cancel') + '</button>' +
      (v.view.submit ? ' <button class="primary modal-submit">' + esc(v.view.submit.text) + '</button>' : '') + '</div></div></div>';
  }

  function render() {
    var d = state.data;
    $('#teams').innerHTML = d.teams.map(function (t) { return '<option value="' + esc(t.id) + '"' + (t.id === state.team ? ' selected' : '') + '>' + esc(t.name) + '</option>'; }).join('');
    $('#as').innerHTML = d.users.filter(function (u) { return !u.is_bot && u.team_id === state.team; }).map(function (u) { return '<option value="' + esc(u.id) + '"' + (u.id === state.as ? ' selected' : '') + '>' + esc(u.real_name) + ' (@' + esc(u.name) + ')</option>'; }).join('');
    var onHome = state.channel === 'home';
    $('#channels').innerHTML = '<li class="home' + (onHome ? ' active' : '') + '" data-channel="home">🏠 OpsKnight — Home</li>' + d.channels.map(function (c) {
      return '<li class="' + (c.id === state.channel ? 'active ' : '') + (c.is_archived ? 'archived' : '') + '" data-channel="' + esc(c.id) + '">' + (c.is_im ? '💬 ' : c.is_private ? '🔒 ' : '# ') + esc(c.is_im ? 'OpsKnight (DM)' : c.name) + (c.bot_member ? '' : ' <span class="muted small">(bot not in)</span>') + '</li>';
    }).join('');
    var ch = d.channels.find(function (c) { return c.id === state.channel; });
    $('#channel-title').textContent = onHome ? '🏠 OpsKnight — Home' : ch ? (ch.is_private ? '🔒 ' : '#') + ch.name : '';
    $('#composer').style.display = onHome ? 'none' : '';
    var list = $('#messages');
    var atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    // The Home tab is whatever the app last published for this person (views.publish).
    if (onHome) list.innerHTML = d.home ? '<div class="home-tab">' + blocks(d.home.blocks, { ts: '', channel: 'home' }) + '</div>' : '<div class="empty muted">The app has not published a Home tab for you yet.</div>';
    else list.innerHTML = d.messages.length ? d.messages.map(function (m) { return message(m, false); }).join('') : '<div class="empty muted">No messages in this channel yet.</div>';
    if (atBottom && !onHome) list.scrollTop = list.scrollHeight;
    // Redraw the modal only when Slack would (it changed): polling must not wipe what is being typed.
    var modalKey = JSON.stringify(d.view);
    if (modalKey !== state.modalKey) { state.modalKey = modalKey; $('#modal-root').innerHTML = modal(d.view); }
    $('#demo').style.display = d.demo ? '' : 'none';
    // Where the app is not connected, Slack would not offer its shortcut: say so instead of doing nothing.
    var teamName = (d.teams.find(function (t) { return t.id === state.team; }) || {}).name || state.team;
    $('#shortcut').disabled = !d.app_installed;
    $('#demo').disabled = !d.app_installed;
    var notice = $('#notice');
    var appBase = (d.app_url || 'http://127.0.0.1:3000').replace(/\/api\/slack\/actions$/, '');
    notice.textContent = d.app_installed ? '' : 'OpsKnight is not connected to ' + teamName + ', so its shortcut and demo are off here. Connect it with "Add to Slack": run  opsknight-slack workspace add --url ' + appBase + '  and open the link it prints (this sandbox plays Slack’s authorize page).';
    notice.style.display = d.app_installed ? 'none' : 'block';
    $('#status').textContent = d.app_url ? 'App: ' + d.app_url : 'No app connected: set its interactivity URL';
  }

  function refresh(force) {
    var url = '/sandbox/ui/state?team=' + encodeURIComponent(state.team || '') + '&channel=' + encodeURIComponent(state.channel || '') + '&as=' + encodeURIComponent(state.as || '');
    return fetch(url).then(function (r) { return r.json(); }).then(function (d) {
      if (!force && d.version === state.version) return;
      state.version = d.version;
      state.team = d.team; state.channel = d.channel; state.as = d.as;
      state.data = d;
      render();
    });
  }
  function post(path, body) {
    return fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
      .then(function (r) { return r.json(); })
      .then(function (res) {
        if (res && res.error) toast(res.error);
        else if (res && typeof res.result === 'string' && res.result) toast(res.result, 'info');
        return refresh(true);
      });
  }
  var toastTimer = null;
  function toast(text, kind) {
    var t = $('#toast'); t.textContent = text; t.className = kind || ''; t.style.display = 'block';
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { t.style.display = 'none'; }, 5000);
  }

  document.addEventListener('click', function (e) {
    var t = e.target.closest('[data-channel]');
    // Opening Home is what makes Slack send app_home_opened; the app answers with views.publish.
    if (t && t.tagName === 'LI' && t.dataset.channel === 'home') { state.channel = 'home'; state.version = -1; return post('/sandbox/ui/home', { team: state.team, as: state.as }); }
    if (t && t.tagName === 'LI') { state.channel = t.dataset.channel; state.version = -1; return refresh(true); }
    var sc = e.target.closest('.msg-shortcut');
    if (sc) { e.preventDefault(); return post('/sandbox/ui/message-shortcut', { channel: sc.dataset.channelId, ts: sc.dataset.ts, as: state.as, callback_id: sc.dataset.callbackId }); }
    var rt = e.target.closest('.reply-in-thread');
    if (rt) { e.preventDefault(); state.replyTo = rt.dataset.ts; $('#composer input').placeholder = 'Reply in thread… (Esc: back to the channel)'; $('#composer input').focus(); return; }
    var toggle = e.target.closest('.thread-toggle');
    if (toggle) { state.openThreads[toggle.dataset.thread] = state.openThreads[toggle.dataset.thread] === false; return render(); }
    var btn = e.target.closest('.bk-button');
    if (btn) {
      if (btn.dataset.url) window.open(btn.dataset.url, '_blank', 'noopener');
      // Slack's confirmation dialog (a button's confirm object): deny sends nothing.
      var dialog;
      if (btn.dataset.confirm) dialog = window.confirm(btn.dataset.confirm) ? 'confirm' : 'deny';
      return post('/sandbox/ui/act', { channel: btn.dataset.channel, ts: btn.dataset.ts, block_id: btn.dataset.blockId, action_id: btn.dataset.actionId, as: state.as, dialog: dialog });
    }
    if (e.target.closest('.modal-close')) {
      return post('/sandbox/ui/view/close', { view_id: e.target.closest('.modal').dataset.viewId, as: state.as });
    }
    if (e.target.closest('.modal-submit')) {
      var m = e.target.closest('.modal');
      var values = {};
      m.querySelectorAll('.input-block').forEach(function (b) {
        var input = b.querySelector('input,textarea,select');
        var value = input.multiple ? Array.prototype.map.call(input.selectedOptions, function (o) { return o.value; }) : (input.value === '' ? null : input.value);
        values[b.dataset.blockId] = {}; values[b.dataset.blockId][b.dataset.actionId] = value;
      });
      return post('/sandbox/ui/view/submit', { view_id: m.dataset.viewId, values: values, as: state.as });
    }
    if (e.target.id === 'demo') return post('/sandbox/ui/demo-incident', { team: state.team, channel: state.channel });
    if (e.target.id === 'shortcut') return post('/sandbox/ui/shortcut', { team: state.team, as: state.as, callback_id: 'create_incident' });
  });
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && state.replyTo) { state.replyTo = null; $('#composer input').placeholder = 'Type a message or a slash command, e.g. /opsknight incidents'; }
  });
  document.addEventListener('change', function (e) {
    var sel = e.target.closest('.bk-select');
    if (sel) return post('/sandbox/ui/act', { channel: sel.dataset.channel, ts: sel.dataset.ts, block_id: sel.dataset.blockId, action_id: sel.dataset.actionId, value: sel.value, as: state.as });
    if (e.target.id === 'teams') { state.team = e.target.value; state.channel = null; state.as = null; return refresh(true); }
    if (e.target.id === 'as') { state.as = e.target.value; return state.channel === 'home' ? post('/sandbox/ui/home', { team: state.team, as: state.as }) : refresh(true); }
  });
  $('#composer').addEventListener('submit', function (e) {
    e.preventDefault();
    var input = $('#composer input');
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    if (text[0] !== '/') {
      var threadTs = state.replyTo; state.replyTo = null; input.placeholder = 'Type a message or a slash command, e.g. /opsknight incidents';
      return post('/sandbox/ui/say', { channel: state.channel, as: state.as, text: text, thread_ts: threadTs || undefined });
    }
    var space = text.indexOf(' ');
    post('/sandbox/ui/command', { channel: state.channel, as: state.as, command: space < 0 ? text : text.slice(0, space), text: space < 0 ? '' : text.slice(space + 1) });
  });
  refresh(true);
  setInterval(function () { refresh(false); }, 700);
})();
`;
