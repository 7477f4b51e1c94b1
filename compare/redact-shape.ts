/**
 * The shape of a string: its character classes with run lengths, never its content. A reviewer sees a
 * format or whitespace difference (`dddd-dd-dd` vs `dddd/dd/dd`, `[Han×3][space]` vs `[Han×3]`) without
 * the value. Notation (docs/security.md "Shape notation"):
 * - `d` ASCII digit, `a` ASCII lower-case letter, `A` ASCII upper-case letter, written once per
 *   character up to 8 in a run, then as `[d×12]`;
 * - ASCII punctuation and the ASCII space as themselves;
 * - other classes in brackets with the run length when above 1: `[Han×3]`, `[Hiragana×2]`, `[Katakana]`,
 *   `[Hangul]`, `[Fullwidth-digit×11]`, `[Fullwidth]`, `[Letter]` (other letters), `[Digit]`,
 *   `[space]` (other spaces, e.g. U+3000), `[tab]`, `[lf]`, `[cr]`, `[Punct]`, `[Symbol]`, `[Other]`.
 * Past `MAX_RUNS` runs the shape ends with `…(N chars)`.
 */
export function shapeOf(text: string): string {
  let out = '';
  let runs = 0;
  let cls = '';
  let count = 0;
  const flush = (): void => {
    if (count === 0) return;
    runs++;
    if (cls.length === 1 && /[daA]/.test(cls)) out += count <= 8 ? cls.repeat(count) : `[${cls}×${count}]`;
    else if (cls.length === 1) out += cls.repeat(count);
    else out += count === 1 ? `[${cls}]` : `[${cls}×${count}]`;
  };
  for (const ch of text) {
    const c = classOf(ch);
    if (c === cls) {
      count++;
      continue;
    }
    flush();
    if (runs >= MAX_RUNS) return `${out}…(${[...text].length} chars)`;
    cls = c;
    count = 1;
  }
  flush();
  return out;
}

/** Runs shown before the shape is cut (a long free text keeps its start and its length). */
const MAX_RUNS = 24;

function classOf(ch: string): string {
  const c = ch.codePointAt(0)!;
  if (c >= 48 && c <= 57) return 'd';
  if (c >= 97 && c <= 122) return 'a';
  if (c >= 65 && c <= 90) return 'A';
  if (c === 32 || (c > 32 && c < 127)) return ch;
  if (c === 9) return 'tab';
  if (c === 10) return 'lf';
  if (c === 13) return 'cr';
  if (c >= 0xff10 && c <= 0xff19) return 'Fullwidth-digit';
  if (c >= 0xff01 && c <= 0xff5e) return 'Fullwidth';
  // The common Japanese blocks by range first (a Unicode property test per character costs more).
  if (c >= 0x3041 && c <= 0x309f) return 'Hiragana';
  if ((c >= 0x30a1 && c <= 0x30fa) || (c >= 0x30fd && c <= 0x30ff)) return 'Katakana';
  if (c >= 0x4e00 && c <= 0x9fff) return 'Han';
  if (/\p{Script=Han}/u.test(ch)) return 'Han';
  if (/\p{Script=Hiragana}/u.test(ch)) return 'Hiragana';
  if (/\p{Script=Katakana}/u.test(ch)) return 'Katakana';
  if (/\p{Script=Hangul}/u.test(ch)) return 'Hangul';
  if (/\p{L}/u.test(ch)) return 'Letter';
  if (/\p{N}/u.test(ch)) return 'Digit';
  if (/[\p{Z}\s]/u.test(ch)) return 'space';
  if (/\p{P}/u.test(ch)) return 'Punct';
  if (/\p{S}/u.test(ch)) return 'Symbol';
  return 'Other';
}
