import type { Context } from '../contract/decision-log';
import { GrowableFloat64, GrowableInt32, Interner } from './growable';

/**
 * Context features as a sparse row-wise (CSR) matrix, built while the log streams past.
 * Encoding: numbers as-is (`key`), booleans 0/1 (`key`), strings one-hot (`key=value`),
 * arrays of strings as tag indicators (`key[]=tag`). Columns appear in first-seen order.
 */
export interface SparseFeatures {
  readonly n: number;
  readonly columnNames: readonly string[];
  /** row i's entries are `[rowStart[i], rowStart[i + 1])` of `column` / `value` */
  readonly rowStart: Int32Array;
  readonly column: Int32Array;
  readonly value: Float64Array;
}

export class SparseFeatureBuilder {
  private readonly columnNames = new Interner();
  private readonly rowStart = new GrowableInt32();
  private readonly column = new GrowableInt32();
  private readonly value = new GrowableFloat64();

  constructor() {
    this.rowStart.push(0);
  }

  addRow(context: Context): void {
    for (const [key, raw] of Object.entries(context)) {
      if (typeof raw === 'number') this.put(key, raw);
      else if (typeof raw === 'boolean') this.put(key, raw ? 1 : 0);
      else if (typeof raw === 'string') this.put(`${key}=${raw}`, 1);
      else for (const tag of new Set(raw)) this.put(`${key}[]=${tag}`, 1);
    }
    this.rowStart.push(this.column.length);
  }

  finish(): SparseFeatures {
    return {
      n: this.rowStart.length - 1,
      columnNames: this.columnNames.values,
      rowStart: this.rowStart.toArray(),
      column: this.column.toArray(),
      value: this.value.toArray(),
    };
  }

  private put(name: string, value: number): void {
    this.column.push(this.columnNames.indexOf(name));
    this.value.push(value);
  }
}
