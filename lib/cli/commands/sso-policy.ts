import { and, eq } from 'drizzle-orm';
import { memberships, users } from '@/lib/db/schema';
import { getOrgOrThrow } from '@/lib/orgs/organizations';
import { createOidcConnection, oidcConnectionSchema } from '@/lib/sso/connections';
import { SSO_PATHS } from '@/lib/sso/jackson';
import { setBreakGlass, setSsoOnly } from '@/lib/sso/sso-only';
import { emailSchema } from '@/lib/users/normalize';
import { getEnv } from '@/lib/env';
import { option } from '../args';
import type { Command } from '../context';
import { emit, table } from '../output';
import { orgOption } from './shared';

function ssoOnlyCommand(enabled: boolean): Command {
  return {
    usage: `sso-only ${enabled ? 'on' : 'off'} --org <slug>${enabled ? '   (refused until an owner or admin has signed in once by SSO)' : ''}`,
    options: { org: 'string' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      return async ({ db, io, json, by }) => {
        const org = await setSsoOnly(db, { orgId: (await getOrgOrThrow(db, slug)).id, enabled }, by);
        emit(io, json, { slug: org.slug, ssoOnly: org.ssoOnly }, `SSO-only is ${org.ssoOnly ? 'on' : 'off'} for ${org.slug}`);
      };
    },
  };
}

function breakGlassCommand(enabled: boolean): Command {
  return {
    usage: `break-glass ${enabled ? 'add' : 'remove'} --org <slug> --email <email>`,
    options: { org: 'string', email: 'string' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      const email = option(values, 'email', emailSchema);
      return async ({ db, io, json, by }) => {
        const membership = await setBreakGlass(db, { orgId: (await getOrgOrThrow(db, slug)).id, email, enabled }, by);
        emit(io, json, { email, breakGlass: membership.breakGlass }, `${email} ${membership.breakGlass ? 'is now a break-glass account' : 'is no longer a break-glass account'} in ${slug}`);
      };
    },
  };
}

export const ssoPolicyCommands: Record<string, Command> = {
  'sso add-oidc': {
    usage: 'sso add-oidc --org <slug> --name <name> --discovery-url <url> --client-id <id> --client-secret <secret>',
    options: { org: 'string', name: 'string', 'discovery-url': 'string', 'client-id': 'string', 'client-secret': 'string' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      const input = {
        name: option(values, 'name', oidcConnectionSchema.shape.name),
        discoveryUrl: option(values, 'discovery-url', oidcConnectionSchema.shape.discoveryUrl),
        clientId: option(values, 'client-id', oidcConnectionSchema.shape.clientId),
        clientSecret: option(values, 'client-secret', oidcConnectionSchema.shape.clientSecret),
      };
      return async ({ db, io, json, by }) => {
        const org = await getOrgOrThrow(db, slug);
        const connection = await createOidcConnection(db, { orgId: org.id, ...input }, by);
        const redirectUri = `${getEnv().APP_URL}${SSO_PATHS.oidcCallback}`;
        emit(io, json, { id: connection.id, name: connection.name, protocol: 'oidc', issuer: connection.idpEntityId, redirectUri }, [
          `Created OIDC connection ${connection.name} (${connection.id}) for ${org.slug}; issuer ${connection.idpEntityId}`,
          `Register this redirect URI at your IdP: ${redirectUri}`,
        ]);
      };
    },
  },
  'sso-only on': ssoOnlyCommand(true),
  'sso-only off': ssoOnlyCommand(false),
  'break-glass add': breakGlassCommand(true),
  'break-glass remove': breakGlassCommand(false),
  'break-glass list': {
    usage: 'break-glass list --org <slug>',
    options: { org: 'string' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      return async ({ db, io, json }) => {
        const org = await getOrgOrThrow(db, slug);
        const rows = await db
          .select({ email: users.email, role: memberships.role })
          .from(memberships)
          .innerJoin(users, eq(users.id, memberships.userId))
          .where(and(eq(memberships.orgId, org.id), eq(memberships.breakGlass, true)));
        emit(io, json, rows, table(rows, ['email', 'role']));
      };
    },
  },
};
