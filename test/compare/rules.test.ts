import { describe, expect, it } from 'vitest';
import { mergeRules, parseRules, validateRules } from '../../compare/rules.js';
import { hasCode } from '../../errors/coded-error.js';

describe('validateRules', () => {
  it('accepts a full, valid rules object', () => {
    expect(
      validateRules({
        ignore: ['$.a', '$..b', '$.c[*].d'],
        unordered: ['$.tags'],
        sortBy: { '$.items': 'id' },
        keys: { '$.data.items': 'item_id' },
        generated: ['$.data.message_id'],
        numericStrings: ['$.data.total'],
        emptyContainersEqual: ['$.data.tags'],
        nullEqualsMissing: ['$.data.items[*].note'],
        floatTolerance: { '$.data.rate': 0.001 },
        timestamps: ['$.data.created_at'],
        timezone: 'Asia/Tokyo',
        headers: ['Content-Type', 'x-request-id'],
      }),
    ).toEqual([]);
    expect(validateRules(undefined)).toEqual([]);
  });
  it('lists every issue with its key', () => {
    const issues = validateRules({
      ignore: ['nodollar', 3],
      sortBy: { '$.x': '' },
      numericStrings: ['nodollar'],
      timestamps: 'yes',
      floatTolerance: { '$.p': -1 },
      timezone: 'Mars/Olympus',
      colour: 'red',
    });
    expect(issues.map((i) => i.key).sort()).toEqual(
      ['colour', "floatTolerance['$.p']", 'ignore[0]', 'ignore[1]', 'numericStrings[0]', "sortBy['$.x']", 'timestamps', 'timezone'].sort(),
    );
  });
  it('refuses the global forms of normalisations, saying how to name paths', () => {
    const issues = validateRules({ timestamps: true, numericStrings: 'ignore', nullEqualsMissing: true, emptyContainersEqual: true, floatTolerance: 0.01 });
    expect(issues.map((i) => i.key).sort()).toEqual(['emptyContainersEqual', 'floatTolerance', 'nullEqualsMissing', 'numericStrings', 'timestamps']);
    for (const i of issues) expect(i.message).toMatch(/\$\.data/);
  });
  it('rejects a non-object', () => {
    expect(validateRules([1])).toHaveLength(1);
  });
  it('parseRules throws CMP_ERR_INVALID_RULES', () => {
    expect.assertions(1);
    try {
      parseRules({ ignore: 'x' });
    } catch (err) {
      expect(hasCode(err, 'CMP_ERR_INVALID_RULES')).toBe(true);
    }
  });
});

describe('mergeRules', () => {
  it('joins lists, merges mappings (route wins), lets the route override scalars and headers', () => {
    expect(
      mergeRules(
        { ignore: ['$.a'], sortBy: { '$.x': 'id', '$.y': 'id' }, timestamps: ['$.t'], floatTolerance: { '$.p': 0.1 }, headers: ['etag'] },
        { ignore: ['$.b', '$.a'], sortBy: { '$.y': 'code' }, keys: { '$.z': 'z_id' }, floatTolerance: { '$.p': 0 }, headers: [] },
      ),
    ).toEqual({ ignore: ['$.a', '$.b'], sortBy: { '$.x': 'id', '$.y': 'code' }, keys: { '$.z': 'z_id' }, timestamps: ['$.t'], floatTolerance: { '$.p': 0 }, headers: [] });
  });
});
