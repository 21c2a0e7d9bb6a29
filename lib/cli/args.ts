import { z } from 'zod';

/** A usage mistake (unknown command, missing or invalid option): exit code 2. */
export class UsageError extends Error {}

export type ParsedArgs = { positionals: string[]; values: Record<string, string | boolean | undefined>; json: boolean };

const BOOLEAN_FLAGS = new Set(['json', 'skip-dns']);

/** `--name value`, `--name=value` and the boolean flags above; anything else is positional. */
export function parseCommandLine(argv: string[]): ParsedArgs {
  const values: ParsedArgs['values'] = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (!token.startsWith('--')) {
      positionals.push(token);
      continue;
    }
    const [name, inline] = token.slice(2).split(/=(.*)/s, 2);
    if (!name) throw new UsageError(`malformed option "${token}"`);
    if (name in values) throw new UsageError(`--${name} given twice`);
    if (BOOLEAN_FLAGS.has(name)) {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      values[name] = true;
    } else if (inline !== undefined) {
      values[name] = inline;
    } else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) {
      values[name] = argv[++i];
    } else {
      values[name] = true;
    }
  }
  return { positionals, values, json: values.json === true };
}

/** Reads `--name value` through a zod schema; a missing or bad value is a usage error. */
export function option<S extends z.ZodType>(args: ParsedArgs, name: string, schema: S): z.output<S> {
  const raw = args.values[name];
  if (raw === true) throw new UsageError(`--${name} needs a value`);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const reason = raw === undefined ? `--${name} is required` : `--${name}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`;
    throw new UsageError(reason);
  }
  return parsed.data;
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

/** Rejects options the command does not know, so a typo never silently does something else. */
export function allowOnly(args: ParsedArgs, names: string[]): void {
  const known = new Set([...names, 'json']);
  const unknown = Object.keys(args.values).filter((name) => !known.has(name));
  if (unknown.length) throw new UsageError(`unknown option --${unknown[0]}`);
}
