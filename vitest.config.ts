import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 has no "exports" map: Node loads its CommonJS build while vite would pick index.mjs,
    // and @graphql-tools (loaded by Node) would then see a second graphql ("from another module or realm").
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Real servers and real databases: give them time, and keep files isolated in forks
    // so that a native module (better-sqlite3) or a leaked socket in one file cannot touch another.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores on CI; MariaDB-backed suites share one database, so they serialise on table names.
    maxWorkers: 2,
  },
});
