import { describe, expect, it } from 'vitest';
import { redactPostgresError } from '../../../src/contract/redact';

describe('redacting Postgres errors', () => {
  it("drops drizzle's parameters, keeping the statement's shape", () => {
    const message =
      'Failed query: insert into "decisions" ("decision_id", "context") values ($1, $2)\nparams: t:abc,{"secret":"hunter2"}';
    const redacted = redactPostgresError(message);
    expect(redacted).toBe('Failed query: insert into "decisions" ("decision_id", "context") values ($1, $2)');
    expect(redacted).not.toContain('hunter2');
  });

  it("hides quoted literals and Postgres' key details", () => {
    expect(redactPostgresError(`invalid input syntax for type json: 'it''s {"a": secret}'`)).toBe(
      "invalid input syntax for type json: '…'",
    );
    expect(redactPostgresError('Key (decision_id)=(t:abc(1)) already exists.')).toBe(
      'Key (decision_id)=(…) already exists.',
    );
  });

  it('bounds the length', () => {
    expect(redactPostgresError('x'.repeat(1000))).toHaveLength(300);
  });
});
