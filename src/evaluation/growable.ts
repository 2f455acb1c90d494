/**
 * Append-only typed-array columns: a million logged rows stay a few flat buffers instead of
 * a million objects (the `ope` CLI streams files far larger than a JS heap of objects allows).
 */

type TypedArray = Float64Array | Int32Array;

class Growable<T extends TypedArray> {
  protected data: T;
  length = 0;

  constructor(private readonly make: (capacity: number) => T) {
    this.data = make(1024);
  }

  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data as never);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }

  get(index: number): number {
    return this.data[index]!;
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  /** A right-sized copy; the builder can be dropped afterwards. */
  toArray(): T {
    return this.data.slice(0, this.length) as T;
  }
}

export class GrowableFloat64 extends Growable<Float64Array> {
  constructor() {
    super((capacity) => new Float64Array(capacity));
  }
}

export class GrowableInt32 extends Growable<Int32Array> {
  constructor() {
    super((capacity) => new Int32Array(capacity));
  }
}

/** Strings numbered 0, 1, 2, … in first-seen order (arm ids, feature columns). */
export class Interner {
  private readonly index = new Map<string, number>();
  /** the strings, at their numbers */
  readonly values: string[] = [];

  /** The number of `value`, given the next free one the first time it is seen. */
  indexOf(value: string): number {
    let index = this.index.get(value);
    if (index === undefined) {
      index = this.values.length;
      this.index.set(value, index);
      this.values.push(value);
    }
    return index;
  }
}
