// Log levels, apart from the schema so the CLI entry can check --log-level without loading zod.
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
