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
        numericStrings: 'ignore',
        emptyContainersEqual: true,
        nullEqualsMissing: false,
        floatTolerance: 0.001,
        timestamps: true,
        timezone: 'Asia/Tokyo',
      }),
    ).toEqual([]);
    expect(validateRules(undefined)).toEqual([]);
  });
  it('lists every issue with its key', () => {
    const issues = validateRules({
      ignore: ['nodollar', 3],
      sortBy: { '$.x': '' },
      numericStrings: 'maybe',
      timestamps: 'yes',
      floatTolerance: -1,
      timezone: 'Mars/Olympus',
      colour: 'red',
    });
    expect(issues.map((i) => i.key).sort()).toEqual(
      ['colour', 'floatTolerance', 'ignore[0]', 'ignore[1]', 'numericStrings', "sortBy['$.x']", 'timestamps', 'timezone'].sort(),
    );
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
  it('joins lists, merges sortBy, lets the route override scalars', () => {
    expect(
      mergeRules(
        { ignore: ['$.a'], sortBy: { '$.x': 'id', '$.y': 'id' }, timestamps: true, floatTolerance: 0.1 },
        { ignore: ['$.b', '$.a'], sortBy: { '$.y': 'code' }, floatTolerance: 0 },
      ),
    ).toEqual({ ignore: ['$.a', '$.b'], sortBy: { '$.x': 'id', '$.y': 'code' }, timestamps: true, floatTolerance: 0 });
  });
});
