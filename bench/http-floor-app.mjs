// The floor for bench/slack-ack.mjs: Node's own http server doing only what any Slack endpoint must
// (read the body, check the signature, answer 200), with no database and no framework. What it
// measures under the same load is the best any Node app can do on this machine. Not part of the product.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const secret = process.env.SLACK_SIGNING_SECRET;
const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const ts = req.headers['x-slack-request-timestamp'];
    const expected = Buffer.from(`v0=${createHmac('sha256', secret).update(`v0:${ts}:`).update(body).digest('hex')}`);
    const given = Buffer.from(String(req.headers['x-slack-signature']));
    res.writeHead(expected.length === given.length && timingSafeEqual(expected, given) ? 200 : 401, { 'content-length': '0' });
    res.end();
  });
});
server.listen(0, '127.0.0.1', () => process.stderr.write(`listening on http://127.0.0.1:${server.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
