/**
 * An error message from Postgres or drizzle, fit to show to an operator: drizzle's
 * `Failed query: … params: …` carries the values of the rows being written (contexts,
 * free text), and Postgres' own detail (`Key (id)=(…)`) and quoted literals may too. The
 * statement's shape and the SQLSTATE reason stay; the values go.
 */
export function redactPostgresError(message: string, maxLength = 300): string {
  const withoutParams = message.split(/\s*\bparams:/i)[0]!;
  const redacted = withoutParams
    .replace(/'(?:[^']|'')*'/g, "'…'")
    .replace(/\(([^()]*)\)=\((?:[^()]|\([^()]*\))*\)/g, '($1)=(…)')
    .replace(/\s+/g, ' ')
    .trim();
  return redacted.length > maxLength ? `${redacted.slice(0, maxLength - 1)}…` : redacted;
}
