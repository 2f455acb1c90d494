import { utcDay } from '../guards/token-budget';

/** What the task type's calls cost on one UTC day (API.md "Cost": the status's `costUsd`). */
export interface CostDay {
  /** YYYY-MM-DD, UTC */
  day: string;
  costUsd: number;
}

/** Adds a call's cost to the day it is recorded on; a new day starts from 0. */
export function addCostToday(book: CostDay | undefined, costUsd: number, nowMs: number): CostDay {
  const day = utcDay(nowMs);
  const before = book?.day === day ? book.costUsd : 0;
  return { day, costUsd: before + costUsd };
}

/** The cost recorded so far on the UTC day of `nowMs`. */
export function costToday(book: CostDay | undefined, nowMs: number): number {
  return book?.day === utcDay(nowMs) ? book.costUsd : 0;
}
