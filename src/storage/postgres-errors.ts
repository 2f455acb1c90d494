/**
 * Whether Postgres refused the data itself (SQLSTATE class 22 data exception, 23 integrity
 * constraint, 54 program limit) rather than being unreachable: retrying such a batch as a
 * whole would fail forever. drizzle wraps the driver's error, so look at the cause too.
 */
export function isDataError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^(22|23|54)/.test(code)) return true;
  }
  return false;
}
