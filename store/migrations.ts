import type { StoreDialect } from './store.js';

/** One versioned schema step; each dialect lists its statements, run in order. */
export interface Migration {
  version: number;
  name: string;
  sql: Record<StoreDialect, string[]>;
}

// `seq` is an insertion counter: exports follow it rather than `ts`, because a batch that waited out a
// database outage arrives late with old timestamps. `id` is the stable insert id (UNIQUE) so a re-sent
// batch is ignored. MySQL keeps secondary indexes inside CREATE TABLE so IF NOT EXISTS covers them
// (MySQL 8 has no CREATE INDEX IF NOT EXISTS).
const v1: Migration = {
  version: 1,
  name: 'events, shadow results, flags, audit, watermarks',
  sql: {
    sqlite: [
      `CREATE TABLE IF NOT EXISTS request_events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        ts INTEGER NOT NULL,
        operator_id TEXT, case_id TEXT,
        method TEXT NOT NULL, route_id TEXT, path TEXT NOT NULL,
        status INTEGER NOT NULL, latency_ms REAL NOT NULL,
        served_by TEXT NOT NULL, arm TEXT, fallback INTEGER NOT NULL DEFAULT 0,
        instance TEXT NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS request_events_ts ON request_events (ts)`,
      `CREATE INDEX IF NOT EXISTS request_events_route_ts ON request_events (route_id, ts)`,
      `CREATE INDEX IF NOT EXISTS request_events_operator_case_ts ON request_events (operator_id, case_id, ts)`,
      `CREATE TABLE IF NOT EXISTS shadow_results (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        ts INTEGER NOT NULL,
        route_id TEXT NOT NULL, method TEXT NOT NULL, path TEXT NOT NULL, kind TEXT NOT NULL,
        status_primary INTEGER NOT NULL, status_candidate INTEGER,
        equal INTEGER NOT NULL, differences TEXT NOT NULL, noise TEXT NOT NULL,
        latency_primary_ms REAL NOT NULL, latency_candidate_ms REAL,
        candidate_error TEXT, too_large INTEGER NOT NULL DEFAULT 0)`,
      `CREATE INDEX IF NOT EXISTS shadow_results_ts ON shadow_results (ts)`,
      `CREATE INDEX IF NOT EXISTS shadow_results_route_ts ON shadow_results (route_id, ts)`,
      `CREATE TABLE IF NOT EXISTS flags (
        route_id TEXT PRIMARY KEY, mode TEXT NOT NULL, percent REAL NOT NULL, sample REAL NOT NULL,
        updated_at INTEGER NOT NULL, updated_by TEXT NOT NULL)`,
      `CREATE TABLE IF NOT EXISTS flag_audit (
        id INTEGER PRIMARY KEY AUTOINCREMENT, route_id TEXT NOT NULL, ts INTEGER NOT NULL,
        actor TEXT NOT NULL, \`from\` TEXT, \`to\` TEXT NOT NULL, reason TEXT NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS flag_audit_route_ts ON flag_audit (route_id, ts)`,
      `CREATE TABLE IF NOT EXISTS export_watermarks (
        name TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at INTEGER NOT NULL)`,
    ],
    mysql: [
      `CREATE TABLE IF NOT EXISTS request_events (
        seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        id VARCHAR(64) NOT NULL,
        ts BIGINT NOT NULL,
        operator_id VARCHAR(191) NULL, case_id VARCHAR(191) NULL,
        method VARCHAR(16) NOT NULL, route_id VARCHAR(191) NULL, path VARCHAR(2048) NOT NULL,
        status SMALLINT NOT NULL, latency_ms DOUBLE NOT NULL,
        served_by VARCHAR(8) NOT NULL, arm VARCHAR(32) NULL, fallback TINYINT(1) NOT NULL DEFAULT 0,
        instance VARCHAR(191) NOT NULL,
        UNIQUE KEY request_events_id (id),
        KEY request_events_ts (ts),
        KEY request_events_route_ts (route_id, ts),
        KEY request_events_operator_case_ts (operator_id, case_id, ts)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE IF NOT EXISTS shadow_results (
        seq BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
        id VARCHAR(64) NOT NULL,
        ts BIGINT NOT NULL,
        route_id VARCHAR(191) NOT NULL, method VARCHAR(16) NOT NULL, path VARCHAR(2048) NOT NULL,
        kind VARCHAR(16) NOT NULL,
        status_primary SMALLINT NOT NULL, status_candidate SMALLINT NULL,
        equal TINYINT(1) NOT NULL, differences MEDIUMTEXT NOT NULL, noise MEDIUMTEXT NOT NULL,
        latency_primary_ms DOUBLE NOT NULL, latency_candidate_ms DOUBLE NULL,
        candidate_error VARCHAR(64) NULL, too_large TINYINT(1) NOT NULL DEFAULT 0,
        UNIQUE KEY shadow_results_id (id),
        KEY shadow_results_ts (ts),
        KEY shadow_results_route_ts (route_id, ts)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE IF NOT EXISTS flags (
        route_id VARCHAR(191) NOT NULL PRIMARY KEY, mode VARCHAR(8) NOT NULL,
        percent DOUBLE NOT NULL, sample DOUBLE NOT NULL,
        updated_at BIGINT NOT NULL, updated_by VARCHAR(191) NOT NULL
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE IF NOT EXISTS flag_audit (
        id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY, route_id VARCHAR(191) NOT NULL, ts BIGINT NOT NULL,
        actor VARCHAR(191) NOT NULL, \`from\` TEXT NULL, \`to\` TEXT NOT NULL, reason TEXT NOT NULL,
        KEY flag_audit_route_ts (route_id, ts)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
      `CREATE TABLE IF NOT EXISTS export_watermarks (
        name VARCHAR(191) NOT NULL PRIMARY KEY, value VARCHAR(191) NOT NULL, updated_at BIGINT NOT NULL
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    ],
  },
};

// Session id -> operator, learned from legacy's own login (operator.from: session). The session id is
// stored only as a keyed hash; `expires_at` bounds how long a binding is believed.
const v2: Migration = {
  version: 2,
  name: 'operator sessions',
  sql: {
    sqlite: [
      `CREATE TABLE IF NOT EXISTS operator_sessions (
        session_hash TEXT PRIMARY KEY, operator_id TEXT NOT NULL, source TEXT NOT NULL,
        bound_at INTEGER NOT NULL, expires_at INTEGER NOT NULL)`,
      `CREATE INDEX IF NOT EXISTS operator_sessions_expires ON operator_sessions (expires_at)`,
    ],
    mysql: [
      `CREATE TABLE IF NOT EXISTS operator_sessions (
        session_hash VARCHAR(64) NOT NULL PRIMARY KEY, operator_id VARCHAR(191) NOT NULL, source VARCHAR(16) NOT NULL,
        bound_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,
        KEY operator_sessions_expires (expires_at)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    ],
  },
};

// The gate thresholds the server runs with, stored beside the flags, so `strangler gate`, `report diff`
// and the dashboard judge a route alike with or without the server's config file.
const v3: Migration = {
  version: 3,
  name: 'gate settings',
  sql: {
    sqlite: [
      `CREATE TABLE IF NOT EXISTS gate_settings (
        scope TEXT PRIMARY KEY, min_samples INTEGER NOT NULL, min_match REAL NOT NULL, max_error_rate REAL NOT NULL,
        window_ms INTEGER NOT NULL, updated_at INTEGER NOT NULL, updated_by TEXT NOT NULL)`,
    ],
    mysql: [
      `CREATE TABLE IF NOT EXISTS gate_settings (
        scope VARCHAR(191) NOT NULL PRIMARY KEY, min_samples INT NOT NULL, min_match DOUBLE NOT NULL,
        max_error_rate DOUBLE NOT NULL, window_ms BIGINT NOT NULL, updated_at BIGINT NOT NULL, updated_by VARCHAR(191) NOT NULL
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4`,
    ],
  },
};

/** Every migration, oldest first. Append new versions; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [v1, v2, v3];
