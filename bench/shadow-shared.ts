/** What both shadow benches (shadow.ts, shadow-job.ts) use: the answer, the CPU reading, the median. */
import { existsSync, readFileSync } from 'node:fs';

/** The answer both shadow benches use: a CS inquiry with 24 messages (about 3.6 KB of JSON). */
export const PAYLOAD = JSON.stringify({
  result: 'OK',
  data: {
    inquiry: { id: 123456789012345, status: 'OPEN', subject: 'Item not received', created_at: '2018-10-04 12:00:00' },
    messages: Array.from({ length: 24 }, (_, i) => ({
      id: 1000 + i,
      from: i % 2 ? 'operator' : 'customer',
      body: `Message ${i}: the parcel tracking says delivered but nothing arrived at the door.`,
      at: `2018-10-04 12:${String(i).padStart(2, '0')}:00`,
    })),
  },
});

/** The candidate's answer: the same with one planted difference (`status` in lower case). */
export const CANDIDATE_PAYLOAD = PAYLOAD.replace('"OPEN"', '"open"');

/** CPU seconds used so far by a process (all its threads), or by its main thread alone, from /proc; null where /proc is missing. */
export function cpuSeconds(pid: number | undefined, mainThreadOnly = false): number | null {
  const file = mainThreadOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`;
  if (pid === undefined || !existsSync(file)) return null;
  const fields = readFileSync(file, 'utf8').split(') ')[1]!.split(' ');
  // utime and stime are fields 14 and 15 of stat(5); after "pid (comm) " they sit at 11 and 12.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
