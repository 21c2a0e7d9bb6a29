import { getDb, type Database } from '@/lib/db/client';
import { UserFacingError } from '@/lib/errors';
import { parseOptions, UsageError } from './args';
import { auditCommands } from './commands/audit';
import { domainCommands } from './commands/domain';
import { keyCommands } from './commands/key';
import { memberCommands } from './commands/member';
import { orgCommands } from './commands/org';
import { projectCommands } from './commands/project';
import { rulesCommands } from './commands/rules';
import { scimCommands } from './commands/scim';
import { ssoCommands } from './commands/sso';
import { ssoPolicyCommands } from './commands/sso-policy';
import { userCommands } from './commands/user';
import { cliActor, type Command } from './context';
import type { CliIO } from './output';

export const COMMANDS: Record<string, Command> = {
  ...orgCommands,
  ...domainCommands,
  ...userCommands,
  ...memberCommands,
  ...projectCommands,
  ...keyCommands,
  ...auditCommands,
  ...ssoCommands,
  ...ssoPolicyCommands,
  ...rulesCommands,
  ...scimCommands,
};

const PROGRAM = 'npm run admin --';

export function usage(): string {
  return [
    `usage: ${PROGRAM} <command> [options] [--json]`,
    '',
    'commands:',
    ...Object.values(COMMANDS).map((c) => `  ${c.usage}`),
    '',
    'Every command accepts --json for machine-readable output on stdout.',
    'Bad input prints one "error: <reason>" line on stderr: exit 2 for usage errors, 1 when refused.',
    '',
  ].join('\n');
}

function oneLine(message: string): string {
  return message.split('\n')[0].trim() || 'unknown error';
}

/** The message worth showing for an unexpected error (drizzle wraps driver errors in "Failed query: …"). */
function describeUnexpected(error: unknown): string {
  if (error instanceof Error) {
    const inner = error.cause instanceof Error && error.message.startsWith('Failed query') ? error.cause : error;
    return oneLine(inner.message);
  }
  return oneLine(String(error));
}

function unknownCommand(argv: string[]): string {
  const group = argv[0];
  const inGroup = Object.keys(COMMANDS).filter((name) => name.split(' ')[0] === group).map((name) => name.split(' ')[1]);
  if (inGroup.length && (argv.length < 2 || argv[1].startsWith('-'))) return `"${group}" needs a subcommand: ${inGroup.join(', ')}`;
  if (inGroup.length) return `unknown command "${group} ${argv[1]}"; ${group} commands: ${inGroup.join(', ')}`;
  return `unknown command "${group}" (see: ${PROGRAM} help)`;
}

export type Prepared = { exitCode: number } | { execute: (db: Database) => Promise<number> };

/**
 * Parses and validates the command line without touching the database: help and usage
 * errors are printed here and come back as an exit code; valid input comes back as
 * `execute`, which runs the command (0 ok, 1 refused by a domain rule or an error).
 */
export function prepareAdminCli(argv: string[], io: CliIO): Prepared {
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help' || argv[0] === '-h') {
    const topic = argv.slice(1).join(' ');
    const matching = Object.entries(COMMANDS).filter(([name]) => topic && (name === topic || name.split(' ')[0] === topic));
    io.stdout(matching.length ? `${matching.map(([, c]) => `usage: ${PROGRAM} ${c.usage}`).join('\n')}\n` : usage());
    return { exitCode: 0 };
  }
  const name = argv.slice(0, 2).join(' ');
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`error: ${unknownCommand(argv)}\n`);
    return { exitCode: 2 };
  }
  const rest = argv.slice(2);
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(`usage: ${PROGRAM} ${command.usage}\n`);
    return { exitCode: 0 };
  }
  let action;
  let json = false;
  try {
    const values = parseOptions(rest, command.options);
    json = values.json === true;
    action = command.prepare(values);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`error: ${oneLine(error.message)} (usage: ${PROGRAM} ${command.usage})\n`);
    return { exitCode: 2 };
  }
  return {
    execute: async (db) => {
      try {
        return (await action({ db, io, json, by: cliActor() })) ?? 0;
      } catch (error) {
        io.stderr(`error: ${error instanceof UserFacingError ? oneLine(error.message) : describeUnexpected(error)}\n`);
        return 1;
      }
    },
  };
}

/**
 * Runs one admin command in-process and returns its exit code. Uses `db`, or the shared
 * pool from DATABASE_URL; the caller owns the runtime (see admin.ts).
 */
export async function runAdminCli(argv: string[], io: CliIO, db?: Database): Promise<number> {
  const prepared = prepareAdminCli(argv, io);
  return 'exitCode' in prepared ? prepared.exitCode : prepared.execute(db ?? getDb());
}
