// A database of its own for a test file of the data layer, on the real test database.
import { connectDatabase, type Database } from '../../src/db/connection';
import { testDatabaseUri, uniqueDbName } from './testApp';

export function openTestDatabase(label: string, opts: { monitorCommands?: boolean } = {}): Promise<Database> {
  return connectDatabase(testDatabaseUri(), { dbName: uniqueDbName(label), ...opts });
}

/** Drops what the file wrote and closes its connection; nothing when it never opened one. */
export async function dropTestDatabase(db: Database | undefined): Promise<void> {
  if (!db) return;
  await db.connection.dropDatabase();
  await db.close();
}
