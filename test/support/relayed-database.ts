import mysql from 'mysql2/promise';
import { startRelay, type TcpRelay } from './tcp-relay.js';

/** MariaDB on the machine (CI's too): root, no password. */
export const MYSQL_ROOT = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };

/** A MariaDB database of one suite's own, reached through a relay the test can stop, freeze or fail over. */
export interface RelayedDatabase {
  /** A direct connection to MariaDB (never through the relay), to check what was stored. */
  readonly admin: mysql.Connection;
  readonly relay: TcpRelay;
  /** `mysql://` URL of the database through the relay. */
  readonly url: string;
  /** Close the relay, drop the database, close the admin connection. */
  drop(): Promise<void>;
}

/** Create the database `name` afresh on the machine's MariaDB and a relay on port 0 in front of it. */
export async function relayedDatabase(name: string): Promise<RelayedDatabase> {
  const admin = await mysql.createConnection(MYSQL_ROOT);
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\``);
  const relay = await startRelay(MYSQL_ROOT.host, MYSQL_ROOT.port);
  return {
    admin,
    relay,
    url: `mysql://root:@127.0.0.1:${relay.port}/${name}`,
    async drop() {
      await relay.close();
      await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await admin.end();
    },
  };
}
