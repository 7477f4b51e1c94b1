import { describe, expect, it } from 'vitest';
import { generalizePath } from '../../reports/generalize-path.js';

describe('generalizePath', () => {
  it('turns every index into [*] and keeps keys', () => {
    expect(generalizePath('$.data.items[3].tags[12]')).toBe('$.data.items[*].tags[*]');
    expect(generalizePath("$['a.b'][0]")).toBe("$['a.b'][*]");
    expect(generalizePath('$.data.id')).toBe('$.data.id');
  });
});
