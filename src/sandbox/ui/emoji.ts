// Slack turns :shortcodes: into emoji in message text. The sandbox knows the ones this product and
// its setup wizard use plus the common ones people type; an unknown code stays as typed, as Slack
// shows codes it does not know.
export const EMOJI: Record<string, string> = {
  white_check_mark: '✅', heavy_check_mark: '✔️', x: '❌', warning: '⚠️', rotating_light: '🚨', fire: '🔥',
  red_circle: '🔴', large_yellow_circle: '🟡', large_blue_circle: '🔵', large_green_circle: '🟢', white_circle: '⚪',
  wrench: '🔧', hammer_and_wrench: '🛠️', zzz: '💤', sleeping: '😴', alarm_clock: '⏰', stopwatch: '⏱️', hourglass: '⌛',
  hourglass_flowing_sand: '⏳', loudspeaker: '📢', mega: '📣', memo: '📝', pencil: '📝', information_source: 'ℹ️',
  no_entry: '⛔', no_entry_sign: '🚫', lock: '🔒', key: '🔑', bell: '🔔', no_bell: '🔕', eyes: '👀', wave: '👋',
  tada: '🎉', rocket: '🚀', bug: '🐛', zap: '⚡', boom: '💥', sos: '🆘', pager: '📟', calendar: '📅', clock1: '🕐',
  link: '🔗', mag: '🔍', chart_with_upwards_trend: '📈', bar_chart: '📊', gear: '⚙️', robot_face: '🤖', ghost: '👻',
  thumbsup: '👍', '+1': '👍', thumbsdown: '👎', '-1': '👎', ok_hand: '👌', pray: '🙏', raised_hands: '🙌', clap: '👏',
  heart: '❤️', smile: '😄', slightly_smiling_face: '🙂', thinking_face: '🤔', sweat_smile: '😅', joy: '😂', cry: '😢',
  arrow_right: '➡️', arrow_up: '⬆️', arrow_down: '⬇️', point_right: '👉', speech_balloon: '💬',
  busts_in_silhouette: '👥', bust_in_silhouette: '👤', office: '🏢', computer: '💻', floppy_disk: '💾', package: '📦',
  construction: '🚧', checkered_flag: '🏁', sparkles: '✨', star: '⭐', coffee: '☕', new: '🆕', sunny: '☀️',
};
