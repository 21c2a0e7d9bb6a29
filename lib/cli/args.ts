import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';

/** A usage mistake (unknown command, missing or invalid option): exit code 2, nothing touched. */
export class UsageError extends Error {}

export type OptionKind = 'string' | 'boolean';
/** The options a command accepts, by long name (`--name`). */
export type OptionSpec = Record<string, OptionKind>;
export type OptionValues = Record<string, string | boolean | undefined>;

/** Accepted by every command. */
export const GLOBAL_OPTIONS: OptionSpec = { json: 'boolean', help: 'boolean' };

/** Turns node's multi-line parseArgs errors into one short reason. */
function describeParseError(error: unknown): string {
  const { code, message } = error as { code?: string; message: string };
  const name = /'(-{1,2}[^'\s]+)/.exec(message)?.[1] ?? 'an option';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${name}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    if (/does not take an argument/.test(message)) return `${name} takes no value`;
    return `${name} needs a value (write ${name}=<value> if the value starts with "-")`;
  }
  return message.split('\n')[0];
}

/**
 * Parses `--name value`, `--name=value` and boolean flags with node's parseArgs (strict):
 * unknown options, missing values, stray arguments and repeated options are usage errors.
 */
export function parseOptions(argv: string[], spec: OptionSpec): OptionValues {
  const all = { ...spec, ...GLOBAL_OPTIONS };
  const options: ParseArgsConfig['options'] = Object.fromEntries(Object.entries(all).map(([name, type]) => [name, { type }]));
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true, tokens: true });
  } catch (error) {
    throw new UsageError(describeParseError(error));
  }
  if (parsed.positionals.length) throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
  const seen = new Set<string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue;
    if (seen.has(token.name)) throw new UsageError(`--${token.name} given twice`);
    seen.add(token.name);
  }
  return parsed.values as OptionValues;
}

/** Reads one option through a zod schema; a missing or invalid value is a usage error naming the option. */
export function option<S extends z.ZodType>(values: OptionValues, name: string, schema: S): z.output<S> {
  const raw = values[name];
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(raw === undefined ? `--${name} is required` : `--${name}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`);
  }
  return parsed.data;
}

export function flag(values: OptionValues, name: string): boolean {
  return values[name] === true;
}
