// Worker for import-events.property.test.ts: parses access-log lines that used to backtrack exponentially.
import { parentPort } from 'node:worker_threads';
import { parseAccessLogLine } from '../../../aht/import/access-log-line.js';

const head = '1.2.3.4 - - [01/May/2024:09:30:00 +0900] "GET /a HTTP/1.1" 200 1 "-" "x"';
const bad = parseAccessLogLine(`${head}${' a=a=a=a'.repeat(60)} x`);
const good = parseAccessLogLine(`${head}${' k=a=b'.repeat(60)} op=alice`);
parentPort?.postMessage({ bad: 'problem' in bad, good: 'problem' in good ? good.problem : good.operatorId });
