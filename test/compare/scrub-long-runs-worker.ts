// Worker for redact-long-text.test.ts: scrubs 1 MB runs and says when it is done.
import { parentPort } from 'node:worker_threads';
import { redactPath, redactValue } from '../../compare/redact.js';
import { holdsPii } from '../../compare/redact-detectors.js';
import { scrubValue } from '../../reports/scrub.js';

for (const text of ['0'.repeat(1 << 20), '1-'.repeat(1 << 19), `${'a'.repeat(1 << 20)}@`, `x@${'a.'.repeat(1 << 19)}`]) {
  if (holdsPii(text)) throw new Error('a run without an address was flagged');
  redactValue({ message: text }, { secret: 'k' });
  scrubValue(text);
}
redactPath(`/a/${'1-'.repeat(8000)}`, { secret: 'k' });
parentPort?.postMessage('done');
