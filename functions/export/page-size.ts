/** What one export page should hold at most: pages are bounded by bytes, not only rows. */
export const PAGE_TARGET_BYTES = 1_048_576;
export const MIN_PAGE_ROWS = 10;
export const MAX_PAGE_ROWS = 1000;
/** The first page's rows, before any row size is known (contexts are at most 16 KiB now). */
export const FIRST_PAGE_ROWS = 200;

/**
 * Rows for the next page from the last page's mean line size, so that a page stays near
 * `targetBytes` whatever the contexts hold (a log of 1 MB contexts once made one 208 MB page).
 */
export function nextPageRows(lastRows: number, lastBytes: number, targetBytes = PAGE_TARGET_BYTES): number {
  if (lastRows <= 0 || lastBytes <= 0) return FIRST_PAGE_ROWS;
  const bytesPerRow = lastBytes / lastRows;
  return Math.min(MAX_PAGE_ROWS, Math.max(MIN_PAGE_ROWS, Math.floor(targetBytes / bytesPerRow)));
}
