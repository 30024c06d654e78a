// The domain core stays pure: the lint rule that guards it must actually fire.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();
const lintAs = async (file: string, code: string) => (await eslint.lintText(code, { filePath: file }))[0]!.messages;

describe('architecture lint', () => {
  it.each(['express', '@slack/web-api', 'better-sqlite3', 'commander', '@inquirer/prompts', '../store/db.js'])(
    'forbids src/domain to import %s',
    async (mod) => {
      const messages = await lintAs('src/domain/probe.ts', `import x from '${mod}';\nexport const y = x;\n`);
      expect(messages.map((m) => m.ruleId)).toContain('no-restricted-imports');
    },
  );

  it('lets adapters import them', async () => {
    const messages = await lintAs('src/http/probe.ts', `import express from 'express';\nexport const y = express;\n`);
    expect(messages.map((m) => m.ruleId)).not.toContain('no-restricted-imports');
  });
});
