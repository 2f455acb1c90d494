import type { MetaKey } from '../src/storage/meta-keys';

/** The `meta` table read and written through declared keys only: each value is checked as it is read. */
export class MetaTable {
  constructor(private readonly sql: SqlStorage) {}

  read<T>(key: MetaKey<T>): T | null {
    const row = this.sql
      .exec<{ value: string }>('SELECT value FROM meta WHERE key = ?', key.name)
      .toArray()[0];
    return row ? key.decode(JSON.parse(row.value)) : null;
  }

  write<T>(key: MetaKey<T>, value: T): void {
    this.sql.exec(
      'INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)',
      key.name,
      JSON.stringify(key.encode(value)),
    );
  }
}
