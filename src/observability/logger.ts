// JSON logs (pino) that never carry a secret: known secret fields are redacted wherever they appear.
import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

export const REDACTED_PATHS = [
  'token',
  'secret',
  'password',
  'authorization',
  '*.token',
  '*.secret',
  '*.password',
  '*.authorization',
  '*.bot_token',
  '*.botToken',
  '*.signing_secret',
  '*.signingSecret',
  '*.client_secret',
  '*.clientSecret',
  '*.apiToken',
  '*.api_token',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-slack-signature"]',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: LoggerOptions = {
    level,
    base: { service: 'opsknight-slack' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  // Through process.stdout rather than pino's own fd writer: that one, at exit, retries a write to a
  // closed pipe forever (`npm start | tee log` after Ctrl-C), so the daemon never stopped. The CLI
  // entry (src/cli/main.ts) treats a reader that went away (EPIPE) as the end of output.
  return pino(options, destination ?? process.stdout);
}
