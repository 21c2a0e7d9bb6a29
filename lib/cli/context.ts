import os from 'node:os';
import type { AuditContext } from '@/lib/audit/record';
import type { Database } from '@/lib/db/client';
import type { ParsedArgs } from './args';
import type { CliIO } from './output';

export type CommandContext = { db: Database; args: ParsedArgs; io: CliIO; by: AuditContext };

export type Command = { usage: string; run: (ctx: CommandContext) => Promise<number | void> };

export function cliActor(): AuditContext {
  let who = 'unknown';
  try {
    who = os.userInfo().username;
  } catch {
    // Some containers have no passwd entry for the current uid.
  }
  return { actor: { type: 'cli', label: `admin-cli (${who})` } };
}
