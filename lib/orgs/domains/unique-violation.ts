/** Is this (or what it wraps: drizzle puts the pg error in `cause`) a unique violation of `constraint`? */
export function isUniqueViolation(error: unknown, constraint: string): boolean {
  let current = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const { code, constraint: name, cause } = current as { code?: string; constraint?: string; cause?: unknown };
    if (code === '23505') return name === constraint;
    current = cause;
  }
  return false;
}
