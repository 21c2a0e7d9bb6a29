import { eq } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { organizations } from '@/lib/db/schema';
import { findVerifiedDomain } from '@/lib/orgs/domains';
import { emailDomain } from '@/lib/users/normalize';
import { isPersonalEmailDomain } from './personal-domains';

// SPEC §4.2, word for word.
export const SSO_MESSAGES = {
  personalDomain: 'Please use your organization email address, not a personal one',
  notSetUp: 'SSO is not set up for your organization yet',
  notEnterprise: 'Your organization is not on the Enterprise plan',
} as const;

export type SsoRoute = { ok: false; error: string } | { ok: true; orgId: string; connections: { id: string; name: string }[] };

/**
 * Work email → domain → the org that verified it → its SSO connections.
 * Connections are stored by SAML Jackson (the SSO issue); an org with none is "not set up".
 */
export async function routeSsoLogin(
  db: Executor,
  email: string,
  listConnections: (orgId: string) => Promise<{ id: string; name: string }[]>,
): Promise<SsoRoute> {
  const domain = emailDomain(email);
  if (isPersonalEmailDomain(domain)) return { ok: false, error: SSO_MESSAGES.personalDomain };
  const verified = await findVerifiedDomain(db, domain);
  if (!verified) return { ok: false, error: SSO_MESSAGES.notSetUp };
  const [org] = await db.select({ plan: organizations.plan }).from(organizations).where(eq(organizations.id, verified.orgId));
  if (org?.plan !== 'enterprise') return { ok: false, error: SSO_MESSAGES.notEnterprise };
  const connections = await listConnections(verified.orgId);
  if (connections.length === 0) return { ok: false, error: SSO_MESSAGES.notSetUp };
  return { ok: true, orgId: verified.orgId, connections };
}
