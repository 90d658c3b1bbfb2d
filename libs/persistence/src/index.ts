export * from './errors';
export * from './persistence.module';
export * from './ports/records';
export * from './ports/link-state.repository';
export * from './ports/repositories';
export * from './ports/tokens';
export * from './ports/transactions.repository';
export * from './sqlite/migrations';
export { SqliteDatabase, type Durability } from './sqlite/sqlite-database';
