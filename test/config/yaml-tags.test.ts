import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';

describe('YAML tags in a config file', () => {
  it('refuses an unknown tag with CFG_ERR_YAML instead of guessing (it was a printed warning and a string value)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'strangler-yaml-')), 'bad.yaml');
    writeFileSync(file, 'legacy: !!js/function "function () {}"\n');
    expect(() => loadConfig({ file })).toThrow(expect.objectContaining({ code: 'CFG_ERR_YAML' }));
  });
});
