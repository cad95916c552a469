/**
 * A write that breaks a rule (unknown reference, bad value, conflict): the API turns it into a JSON
 * error with its status and the offending field as `target`. Thrown inside the write's transaction,
 * so nothing of the write is stored.
 */
export class RuleViolation extends Error {
  override readonly name = 'RuleViolation';
  constructor(
    readonly status: 400 | 404 | 409,
    readonly target: string | undefined,
    message: string
  ) {
    super(message);
  }
}

/** Throws the violation a pure rule returned. */
export function violate(v: { status?: 400 | 404 | 409; field: string; message: string }): never {
  throw new RuleViolation(v.status ?? 400, v.field, v.message);
}
