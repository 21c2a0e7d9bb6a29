'use server';

import { z } from 'zod';
import { guardedAction } from '@/lib/auth/server-action';
import { UserFacingError } from '@/lib/errors';
import { addDomain, domainSchema, listDomains, removeDomain, verificationRecord, verifyDomain } from './domains';

// The portal's domain actions (SPEC §6: owners and admins, 'sso:manage').

const domainId = z.uuid({ message: 'Choose a domain' });

async function domainOf(db: Parameters<typeof listDomains>[0], orgId: string, id: string) {
  const domain = (await listDomains(db, orgId)).find((d) => d.id === id);
  if (!domain) throw new UserFacingError('This domain is not part of this organization (it may have been removed already)');
  return domain;
}

export const addDomainAction = guardedAction({
  permission: 'sso:manage',
  setupLink: true,
  input: z.object({ domain: domainSchema }),
  handler: async (ctx, input) => {
    const row = await addDomain(ctx.db, ctx.org.id, input.domain, ctx.audit);
    return { id: row.id, domain: row.domain, record: verificationRecord(row) };
  },
});

/** "Verify now": the TXT record is looked up (DNS_SERVERS when set); a failure says why and is kept on the domain. */
export const verifyDomainAction = guardedAction({
  permission: 'sso:manage',
  setupLink: true,
  input: z.object({ domainId }),
  handler: async (ctx, input) => {
    const domain = await domainOf(ctx.db, ctx.org.id, input.domainId);
    const verified = await verifyDomain(ctx.db, ctx.org.id, domain.domain, ctx.audit);
    return { id: verified.id, domain: verified.domain, verifiedAt: verified.verifiedAt?.toISOString() ?? null };
  },
});

export const removeDomainAction = guardedAction({
  permission: 'sso:manage',
  setupLink: true,
  input: z.object({ domainId }),
  handler: async (ctx, input) => (await removeDomain(ctx.db, { orgId: ctx.org.id, domainId: input.domainId }, ctx.audit), true),
});
