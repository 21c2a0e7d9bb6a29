import { and, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '@/lib/db/client';
import { scimTokens } from '@/lib/db/schema';
import { getEnv } from '@/lib/env';
import { UserFacingError } from '@/lib/errors';
import { getOrgOrThrow } from '@/lib/orgs/organizations';
import { listScimRequests } from '@/lib/scim/request-log';
import { createScimToken, listScimTokens, revokeScimToken, rotateScimToken, scimTokenNameSchema } from '@/lib/scim/tokens';
import { flag, option } from '../args';
import type { Command } from '../context';
import { emit, table } from '../output';
import { orgOption } from './shared';

const tokenRefOption = z.string().trim().min(1, 'give the token id or name').max(200, 'too long');

/** `--token` is a live token's id or its exact name in the org. */
async function findLiveToken(db: Executor, org: { id: string; slug: string }, ref: string) {
  const byId = z.uuid().safeParse(ref).success;
  const rows = await db
    .select({ id: scimTokens.id, name: scimTokens.name })
    .from(scimTokens)
    .where(and(eq(scimTokens.orgId, org.id), isNull(scimTokens.revokedAt), byId ? eq(scimTokens.id, ref) : eq(scimTokens.name, ref)));
  if (rows.length === 0) throw new UserFacingError(`No live SCIM token "${ref}" in ${org.slug}`);
  if (rows.length > 1) throw new UserFacingError(`Several live SCIM tokens in ${org.slug} are named "${ref}"; pass its id`);
  return rows[0];
}

function scimBaseUrl() {
  return `${getEnv().APP_URL.replace(/\/$/, '')}/api/scim/v2`;
}

function tokenCommand(action: 'rotate' | 'revoke'): Command {
  return {
    usage: `scim-token ${action} --org <slug> --token <id or name>${action === 'rotate' ? '   (the old secret stops working at once; the new one is shown once)' : ''}`,
    options: { org: 'string', token: 'string' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      const ref = option(values, 'token', tokenRefOption);
      return async ({ db, io, json, by }) => {
        const org = await getOrgOrThrow(db, slug);
        const { id } = await findLiveToken(db, org, ref);
        if (action === 'revoke') {
          const row = await revokeScimToken(db, { orgId: org.id, tokenId: id }, by);
          emit(io, json, row, `Revoked SCIM token ${row.name} (${row.prefix}…) of ${org.slug}; requests with it now get 401`);
          return;
        }
        const row = await rotateScimToken(db, { orgId: org.id, tokenId: id }, by);
        emit(io, json, { ...row, baseUrl: scimBaseUrl() }, [`Rotated SCIM token ${row.name} of ${org.slug}`, `New token (shown once, paste it into your IdP now): ${row.token}`]);
      };
    },
  };
}

export const scimCommands: Record<string, Command> = {
  'scim-token create': {
    usage: 'scim-token create --org <slug> --name <token name>   (the token is shown once)',
    options: { org: 'string', name: 'string' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      const name = option(values, 'name', scimTokenNameSchema);
      return async ({ db, io, json, by }) => {
        const org = await getOrgOrThrow(db, slug);
        const row = await createScimToken(db, { orgId: org.id, name }, by);
        emit(io, json, { ...row, baseUrl: scimBaseUrl() }, [
          `Created SCIM token ${row.name} (${row.prefix}…) for ${org.slug}`,
          `SCIM base URL: ${scimBaseUrl()}`,
          `Token (shown once, paste it into your IdP now): ${row.token}`,
        ]);
      };
    },
  },
  'scim-token rotate': tokenCommand('rotate'),
  'scim-token revoke': tokenCommand('revoke'),
  'scim-token list': {
    usage: 'scim-token list --org <slug>',
    options: { org: 'string' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      return async ({ db, io, json }) => {
        const rows = await listScimTokens(db, (await getOrgOrThrow(db, slug)).id);
        const shown = rows.map((r) => ({ ...r, prefix: `${r.prefix}…`, status: r.revokedAt ? 'revoked' : 'live' }));
        emit(io, json, rows, table(shown, ['id', 'name', 'prefix', 'status', 'createdAt', 'lastUsedAt']));
      };
    },
  },
  'scim log': {
    usage: 'scim log --org <slug> [--limit <n, default 50>] [--errors]   (newest first; bodies redacted)',
    options: { org: 'string', limit: 'string', errors: 'boolean' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      const limit = option(values, 'limit', z.coerce.number({ message: 'limit must be a number' }).int('limit must be a whole number').min(1, 'limit must be at least 1').max(1000, 'limit must be at most 1000').default(50));
      const errorsOnly = flag(values, 'errors');
      return async ({ db, io, json }) => {
        const rows = await listScimRequests(db, (await getOrgOrThrow(db, slug)).id, { limit, errorsOnly });
        emit(io, json, rows, table(rows.map((r) => ({ ...r, at: r.createdAt, ms: r.durationMs })), ['at', 'method', 'path', 'status', 'ms', 'error']));
      };
    },
  },
};
