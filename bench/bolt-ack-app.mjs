// The comparison for bench/slack-ack.mjs: a minimal @slack/bolt app (ExpressReceiver) doing the same
// database update when Acknowledge is clicked, then acknowledging. Not part of the product.
import Database from 'better-sqlite3';
import bolt from '@slack/bolt';

const { App, ExpressReceiver, LogLevel } = bolt;
const db = new Database(process.env.BOLT_DB);
db.pragma('journal_mode = WAL');
db.pragma('busy_timeout = 5000');
const ack = db.prepare("UPDATE incidents SET status = 'ACKNOWLEDGED', acknowledged_at = ?, updated_at = ? WHERE id = ? AND status IN ('OPEN', 'SNOOZED')");
const receiver = new ExpressReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET, endpoints: '/api/slack/actions', logLevel: LogLevel.ERROR });
// botId and botUserId given, so Bolt never calls auth.test (Slack is unreachable here).
const app = new App({ token: 'xoxb-not-used', botId: 'B0OPSKNIGHT', botUserId: 'U0OPSKNIGHT', receiver, tokenVerificationEnabled: false, logLevel: LogLevel.ERROR });
app.action('opsknight_acknowledge', async ({ ack: answer, action }) => {
  const now = Date.now();
  ack.run(now, now, Number(action.value));
  await answer();
});
const server = await receiver.start(0);
process.stderr.write(`listening on http://127.0.0.1:${server.address().port}\n`);
process.on('SIGTERM', () => process.exit(0));
