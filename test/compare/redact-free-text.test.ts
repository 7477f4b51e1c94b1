import { describe, expect, it } from 'vitest';
import { redactDifferences } from '../../compare/redact.js';

describe('redaction of free text', () => {
  it('regression (names in inquiry message bodies reached shadow_results): free-text keys are hashed by default', () => {
    const differences = [{ path: '$.data.messages[0]', kind: 'changed' as const, legacy: { id: 1, body: '山田太郎様 お問い合わせありがとうございます', note: 'Taro Yamada' }, candidate: { id: 2, text: 'Taro Yamada', comment: 'x', description: 'y', memo: 'z', content: 'c', remarks: 'r' } }];
    const out = JSON.stringify(redactDifferences(differences, { secret: 'k' }));
    expect(out).not.toContain('山田太郎');
    expect(out).not.toContain('Taro Yamada');
    expect(out).toContain('"id":1'); // ids stay readable
  });
});
