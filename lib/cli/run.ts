import type { Database } from '@/lib/db/client';
import { UserFacingError } from '@/lib/errors';
import { parseCommandLine, UsageError } from './args';
import { auditCommands } from './commands/audit';
import { domainCommands } from './commands/domain';
import { memberCommands } from './commands/member';
import { orgCommands } from './commands/org';
import { projectCommands } from './commands/project';
import { userCommands } from './commands/user';
import { cliActor, type Command } from './context';
import type { CliIO } from './output';

export const COMMANDS: Record<string, Command> = {
  ...orgCommands,
  ...domainCommands,
  ...userCommands,
  ...memberCommands,
  ...projectCommands,
  ...auditCommands,
};

export function usage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.usage}`);
  return ['usage: npm run admin -- <command> [options] [--json]', '', 'commands:', ...lines, ''].join('\n');
}

/** Resolves the command named by the first two words, e.g. `org create`. */
export function findCommand(argv: string[]): { name: string; command: Command } | undefined {
  const name = argv.slice(0, 2).join(' ');
  return COMMANDS[name] ? { name, command: COMMANDS[name] } : undefined;
}

function oneLine(message: string): string {
  return message.split('\n')[0];
}

/** Runs one CLI command against `db` and returns its exit code (0 ok, 1 refused, 2 usage). */
export async function runAdminCli(argv: string[], io: CliIO, db: Database): Promise<number> {
  if (argv.length === 0 || argv[0] === 'help' || argv.includes('--help')) {
    io.stdout(usage());
    return argv.length === 0 ? 2 : 0;
  }
  const found = findCommand(argv);
  if (!found) {
    io.stderr(`error: unknown command "${argv.slice(0, 2).join(' ')}" (see: npm run admin -- help)\n`);
    return 2;
  }
  try {
    const args = parseCommandLine(argv.slice(2));
    if (args.positionals.length) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
    return (await found.command.run({ db, args, io, by: cliActor() })) ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`error: ${oneLine(error.message)} (usage: npm run admin -- ${found.command.usage})\n`);
      return 2;
    }
    if (error instanceof UserFacingError) {
      io.stderr(`error: ${oneLine(error.message)}\n`);
      return 1;
    }
    throw error;
  }
}
