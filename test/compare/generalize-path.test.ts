import { describe, expect, it } from 'vitest';
import { generalizePath } from '../../compare/index.js';

// One generalizePath for the noise model, the diff report and the dashboard (a second, regex-based copy
// in reports/ read a quoted key's brackets as an index).
describe('generalizePath', () => {
  it('turns every index into [*] and keeps keys', () => {
    expect(generalizePath('$.data.items[3].tags[12]')).toBe('$.data.items[*].tags[*]');
    expect(generalizePath("$['a.b'][0]")).toBe("$['a.b'][*]");
    expect(generalizePath('$.data.id')).toBe('$.data.id');
  });

  it("regression: a quoted key's brackets are not an index", () => {
    expect(generalizePath("$['a[1]'].b[2]")).toBe("$['a[1]'].b[*]");
  });
});
