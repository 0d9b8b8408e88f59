// Opens a service's TypeORM DataSource on its own schema and brings the schema up to date with its
// migrations (never `synchronize`). Instances of a service that start together take turns: the
// first migrates under a session advisory lock on the schema, the others wait for it and then find
// nothing to do (without it, two instances on a fresh database both ran CREATE TABLE and one failed).
import { DataSource, EntitySchema } from 'typeorm';
import { assertSchemaName } from './schema-name';
import { MigrationClass } from './messaging-tables.migration';

export interface DatabaseOptions {
  url: string;
  schema: string;
  migrations: MigrationClass[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: (Function | EntitySchema)[];
  applicationName: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<DataSource> {
  const schema = assertSchemaName(options.schema);
  const dataSource = new DataSource({
    type: 'postgres',
    url: options.url,
    schema,
    entities: options.entities ?? [],
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    applicationName: options.applicationName,
    extra: { max: options.poolSize ?? 10, connectionTimeoutMillis: 5_000 },
  });
  await dataSource.initialize();
  const lock = dataSource.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`governor-migrations:${schema}`]);
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await dataSource.runMigrations({ transaction: 'each' });
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [`governor-migrations:${schema}`]);
  } catch (error) {
    await lock.release();
    await dataSource.destroy();
    throw error;
  }
  await lock.release();
  return dataSource;
}
