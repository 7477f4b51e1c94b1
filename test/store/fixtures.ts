import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, afterAll } from 'vitest';
import { openStore, type Store } from '../../store/index.js';
import type { RequestEvent } from '../../model/request-event.js';
import type { ShadowResult } from '../../model/shadow-result.js';
import type { TcpRelay } from '../support/tcp-relay.js';
import { MYSQL_ROOT, relayedDatabase } from '../support/relayed-database.js';

/** MariaDB on the machine; each suite gets its own database so parallel files never collide. */
export { MYSQL_ROOT };

/** A store location for one dialect: the URL and a cleanup. */
export interface Fixture {
  url: string;
  /** For MySQL: a TCP relay in front of MariaDB that the test can stop and start again. */
  relay?: TcpRelay;
  cleanup(): Promise<void>;
}

/** A SQLite file in a fresh temp dir. */
export function sqliteFixture(): Fixture {
  const dir = mkdtempSync(join(tmpdir(), 'strangler-store-'));
  return { url: `sqlite:${join(dir, 'sub', 'strangler.db')}`, async cleanup() { rmSync(dir, { recursive: true, force: true }); } };
}

/** A dedicated MariaDB database behind a TCP relay on port 0. */
export async function mysqlFixture(tag: string): Promise<Fixture> {
  const db = await relayedDatabase(`strangler_test_${tag}_${process.pid}_${Math.floor(Math.random() * 1e6)}`);
  return { url: db.url, relay: db.relay, cleanup: () => db.drop() };
}

/** The two real databases a store suite runs on, as a `describe.each` table: a SQLite file and MariaDB. */
export function bothDatabases(tag: string) {
  return [
    ['sqlite', async () => sqliteFixture()],
    ['mysql', async () => mysqlFixture(tag)],
  ] as const;
}

/** A store opened on a fresh fixture before the suite, closed and cleaned up after it. */
export function useStore(makeFixture: () => Promise<Fixture>): { fx: Fixture; store: Store } {
  const db = {} as { fx: Fixture; store: Store };
  beforeAll(async () => {
    db.fx = await makeFixture();
    db.store = await openStore(db.fx.url);
  });
  afterAll(async () => {
    await db.store?.close();
    await db.fx?.cleanup();
  });
  return db;
}

let n = 0;
/** A request event with a unique id. */
export function makeEvent(over: Partial<RequestEvent> = {}): RequestEvent {
  n++;
  return {
    id: `ev-${process.pid}-${n}-${Math.random().toString(36).slice(2, 8)}`,
    ts: 1_700_000_000_000 + n,
    operatorId: 'op-1', caseId: 'case-1', method: 'GET', routeId: 'inquiry', path: `/api/inquiries/${n}`,
    status: 200, latencyMs: 12.5, servedBy: 'legacy', arm: 'legacy', fallback: false, instance: 'test:1',
    ...over,
  };
}

/** A shadow result with a unique id. */
export function makeResult(over: Partial<ShadowResult> = {}): ShadowResult {
  n++;
  return {
    id: `sr-${process.pid}-${n}-${Math.random().toString(36).slice(2, 8)}`,
    ts: 1_700_000_000_000 + n,
    routeId: 'inquiry', method: 'GET', path: '/api/inquiries/:id', kind: 'read',
    statusPrimary: 200, statusCandidate: 200, equal: true, differences: [], noise: [],
    latencyPrimaryMs: 10, latencyCandidateMs: 11, candidateError: null, tooLarge: false,
    ...over,
  };
}
