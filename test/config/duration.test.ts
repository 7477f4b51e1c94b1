import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { parseDuration } from '../../store/index.js';

describe('durations in the config', () => {
  it('regression: `aht.idleGap: 1w` is accepted, as `--since 1w` is on the CLI', () => {
    const config = loadConfig({ overrides: { legacy: 'http://127.0.0.1:8080', aht: { idleGap: '1w', maxDuration: '1.5h' } } });
    expect(config.aht.idleGapMs).toBe(parseDuration('1w'));
    expect(config.aht.maxDurationMs).toBe(parseDuration('1.5h'));
  });

  it('still refuses a duration without a unit', () => {
    expect(() => loadConfig({ overrides: { legacy: 'http://127.0.0.1:8080', aht: { idleGap: '5' } } })).toThrow(
      expect.objectContaining({ code: 'CFG_ERR_INVALID' }),
    );
  });
});
