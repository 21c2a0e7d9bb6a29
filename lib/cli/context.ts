import os from 'node:os';
import type { AuditContext } from '@/lib/audit/record';
import type { Database } from '@/lib/db/client';
import type { OptionSpec, OptionValues } from './args';
import type { CliIO } from './output';

export type CommandContext = { db: Database; io: CliIO; json: boolean; by: AuditContext };

/** What a command does once its options are valid; returns the exit code (default 0). */
export type Action = (ctx: CommandContext) => Promise<number | void>;

export type Command = {
  usage: string;
  options: OptionSpec;
  /**
   * Validates the options (zod) without touching the database and returns the action.
   * Throws UsageError, so bad input is refused before anything starts or changes.
   */
  prepare: (values: OptionValues) => Action;
};

/** Who CLI writes are attributed to in the audit log. */
export function cliActor(): AuditContext {
  let who: string | undefined;
  try {
    who = os.userInfo().username;
  } catch {
    // Some containers have no passwd entry for the current uid.
  }
  return { actor: { type: 'cli', label: who ? `admin-cli (${who})` : 'admin-cli' } };
}
