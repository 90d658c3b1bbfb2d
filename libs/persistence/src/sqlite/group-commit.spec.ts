import Database from 'better-sqlite3';

import { GROUP_COMMIT_WORKS_MAX } from './group-commit';
import { SqliteDatabase } from './sqlite-database';
import { createTemporaryDirectory, type TemporaryDirectory } from './testing/transaction-fixtures';

describe('SqliteDatabase group commit', () => {
  let directory: TemporaryDirectory;
  let database: SqliteDatabase;

  beforeEach(() => {
    directory = createTemporaryDirectory('interline-group-commit-');
    database = SqliteDatabase.open(directory.location);
    database.connection.exec('CREATE TABLE notes (text TEXT NOT NULL UNIQUE) STRICT');
  });

  afterEach(() => {
    database.close();
    directory.remove();
  });

  function insertNote(text: string): () => number {
    return () =>
      Number(
        database.connection.prepare('INSERT INTO notes (text) VALUES (?)').run(text)
          .lastInsertRowid,
      );
  }

  function storedNotes(target: SqliteDatabase = database): string[] {
    const rows = target.connection.prepare('SELECT text FROM notes ORDER BY rowid').all() as Array<{
      text: string;
    }>;
    return rows.map((row) => row.text);
  }

  it('relaxed write runs at once', async () => {
    const written = database.writeGrouped(insertNote('relaxed'), 'relaxed');

    expect(storedNotes()).toEqual(['relaxed']);
    await expect(written).resolves.toBe(1);
    expect(database.groupCommitCounters().batchesCommitted).toBe(0);
  });

  it('relaxed write rejects its own error', async () => {
    await database.writeGrouped(insertNote('taken'), 'relaxed');

    await expect(database.writeGrouped(insertNote('taken'), 'relaxed')).rejects.toMatchObject({
      code: 'SQLITE_CONSTRAINT_UNIQUE',
    });
    expect(storedNotes()).toEqual(['taken']);
  });

  it('durable write is applied at once but committed, and resolved, at the flush', async () => {
    const written = database.writeGrouped(insertNote('durable'), 'durable');
    const other = new Database(directory.location, { readonly: true });
    try {
      // This connection sees the applied work; another one sees nothing until COMMIT.
      expect(storedNotes()).toEqual(['durable']);
      expect(other.prepare('SELECT text FROM notes').all()).toEqual([]);
      expect(database.groupCommitCounters().worksQueued).toBe(1);
      await written;
      expect(other.prepare('SELECT text FROM notes').all()).toEqual([{ text: 'durable' }]);
      expect(database.groupCommitCounters().worksQueued).toBe(0);
    } finally {
      other.close();
    }
  });

  it('same-turn durable writes share one batch', async () => {
    const texts = Array.from({ length: 50 }, (_, index) => `note-${index}`);

    const results = await Promise.all(
      texts.map((text) => database.writeGrouped(insertNote(text), 'durable')),
    );

    expect(results).toEqual(texts.map((_, index) => index + 1));
    expect(storedNotes()).toEqual(texts);
    expect(database.groupCommitCounters()).toEqual({
      batchesCommitted: 1,
      batchesFailed: 0,
      worksCommitted: 50,
      worksRejected: 0,
      worksPerBatchMax: 50,
      worksQueued: 0,
    });
  });

  it('writes in later turns get their own batch', async () => {
    await database.writeGrouped(insertNote('first'), 'durable');
    await database.writeGrouped(insertNote('second'), 'durable');

    const counters = database.groupCommitCounters();
    expect(counters.batchesCommitted).toBe(2);
    expect(counters.worksPerBatchMax).toBe(1);
  });

  it('batch commits with synchronous FULL', async () => {
    const level = await database.writeGrouped(
      () => database.connection.pragma('synchronous', { simple: true }),
      'durable',
    );

    expect(level).toBe(2);
    expect(database.connection.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('throwing work rejects alone', async () => {
    const before = database.writeGrouped(insertNote('before'), 'durable');
    const failing = database.writeGrouped(() => {
      insertNote('half-written')();
      throw new Error('work failed after its first insert');
    }, 'durable');
    const after = database.writeGrouped(insertNote('after'), 'durable');

    await expect(failing).rejects.toThrow('work failed after its first insert');
    await expect(before).resolves.toBe(1);
    await expect(after).resolves.toBeGreaterThan(1);
    expect(storedNotes()).toEqual(['before', 'after']);

    const counters = database.groupCommitCounters();
    expect(counters.batchesCommitted).toBe(1);
    expect(counters.worksCommitted).toBe(2);
    expect(counters.worksRejected).toBe(1);
  });

  it('constraint error rejects only its work', async () => {
    const first = database.writeGrouped(insertNote('same'), 'durable');
    const duplicate = database.writeGrouped(insertNote('same'), 'durable');
    const other = database.writeGrouped(insertNote('other'), 'durable');

    await expect(duplicate).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_UNIQUE' });
    await expect(first).resolves.toBe(1);
    await expect(other).resolves.toBe(2);
    expect(storedNotes()).toEqual(['same', 'other']);
  });

  it('work returning a promise is rejected', async () => {
    const asynchronous = database.writeGrouped(async () => insertNote('async')(), 'durable');

    await expect(asynchronous).rejects.toThrow(/must be synchronous/);
    expect(storedNotes()).toEqual([]);
  });

  it('failed COMMIT rejects the whole batch', async () => {
    database.connection.exec(`
      CREATE TABLE parents (id INTEGER PRIMARY KEY) STRICT;
      CREATE TABLE children (
        parent_id INTEGER NOT NULL REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED
      ) STRICT;
    `);
    const good = database.writeGrouped(insertNote('good'), 'durable');
    // A deferred foreign key is checked only at COMMIT, so this work succeeds on its own.
    const orphan = database.writeGrouped(() => {
      database.connection.prepare('INSERT INTO children (parent_id) VALUES (?)').run(7);
    }, 'durable');

    // Matched by code: the driver's error class may come from another jest module realm.
    await expect(good).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    await expect(orphan).rejects.toMatchObject({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    expect(storedNotes()).toEqual([]);
    expect(database.connection.inTransaction).toBe(false);
    expect(database.connection.pragma('synchronous', { simple: true })).toBe(1);

    const counters = database.groupCommitCounters();
    expect(counters.batchesFailed).toBe(1);
    expect(counters.batchesCommitted).toBe(0);
    expect(counters.worksRejected).toBe(2);
  });

  it('batch size is bounded', async () => {
    const count = GROUP_COMMIT_WORKS_MAX + 10;
    const writes = Array.from({ length: count }, (_, index) =>
      database.writeGrouped(insertNote(`note-${index}`), 'durable'),
    );

    await Promise.all(writes);

    const counters = database.groupCommitCounters();
    expect(counters.batchesCommitted).toBe(2);
    expect(counters.worksCommitted).toBe(count);
    expect(counters.worksPerBatchMax).toBe(GROUP_COMMIT_WORKS_MAX);
    expect(storedNotes()).toHaveLength(count);
  });

  it('nested call inside a transaction is rejected', async () => {
    let nested: Promise<unknown> | undefined;
    database.transaction(() => {
      nested = database.writeGrouped(insertNote('nested'), 'relaxed');
    }, 'relaxed');

    await expect(nested).rejects.toThrow(/inside an open transaction/);
    expect(storedNotes()).toEqual([]);
  });

  it('write after close is rejected', async () => {
    database.close();

    await expect(database.writeGrouped(insertNote('late'), 'durable')).rejects.toThrow(/not open/);
    await expect(database.writeGrouped(insertNote('late'), 'relaxed')).rejects.toThrow(/not open/);
    expect(database.groupCommitCounters().batchesCommitted).toBe(0);
  });

  it('data survives close and reopen', async () => {
    await Promise.all([
      database.writeGrouped(insertNote('one'), 'durable'),
      database.writeGrouped(insertNote('two'), 'durable'),
    ]);
    database.close();

    const reopened = SqliteDatabase.open(directory.location);
    expect(storedNotes(reopened)).toEqual(['one', 'two']);
    reopened.close();
  });

  it('close commits queued works first', async () => {
    const queued = database.writeGrouped(insertNote('queued'), 'durable');

    database.close();

    await expect(queued).resolves.toBe(1);
    const reopened = SqliteDatabase.open(directory.location);
    expect(storedNotes(reopened)).toEqual(['queued']);
    reopened.close();
  });
});
