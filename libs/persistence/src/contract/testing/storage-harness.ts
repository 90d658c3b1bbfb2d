import type { StorageAdapterFactory, StorageRepositories } from '../adapters';

/**
 * Opens a fresh, empty storage of `adapter` before each test of the enclosing `describe` and
 * closes it after. Returns a getter, because the repositories change with every test.
 */
export function useStorage(adapter: StorageAdapterFactory): () => StorageRepositories {
  let repositories: StorageRepositories | null = null;
  let close: (() => Promise<void>) | null = null;

  beforeEach(async () => {
    const opened = await adapter.open();
    repositories = opened.repositories;
    close = opened.close;
  });

  afterEach(async () => {
    const closing = close;
    repositories = null;
    close = null;
    await closing?.();
  });

  afterAll(async () => {
    await adapter.dispose?.();
  });

  return () => {
    if (repositories === null) {
      throw new Error(`No ${adapter.name} storage is open: call the getter inside a test.`);
    }
    return repositories;
  };
}
