import { and, eq, isNotNull } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { domains, memberships, organizations } from '@/lib/db/schema';
import { emailDomain } from '@/lib/users/normalize';

export const SSO_REQUIRED_MESSAGE = 'Your organization requires single sign-on. Use “Continue with SSO” with your work email.';

export type LocalSignInVerdict =
  | { allowed: true; breakGlassOrgId?: undefined }
  | { allowed: true; breakGlassOrgId: string }
  | { allowed: false; orgId: string };

/**
 * SPEC §4.6: an email on a verified domain of an SSO-only org may not use a password or passkey,
 * unless an owner named this account break-glass in that org (passwords only).
 */
export async function checkLocalSignIn(db: Executor, input: { userId?: string; email: string; method: 'password' | 'passkey' }): Promise<LocalSignInVerdict> {
  const [ssoOnlyOrg] = await db
    .select({ orgId: organizations.id })
    .from(domains)
    .innerJoin(organizations, eq(organizations.id, domains.orgId))
    .where(and(eq(domains.domain, emailDomain(input.email)), isNotNull(domains.verifiedAt), eq(organizations.ssoOnly, true)));
  if (!ssoOnlyOrg) return { allowed: true };
  if (input.method === 'password' && input.userId) {
    const [membership] = await db
      .select({ breakGlass: memberships.breakGlass })
      .from(memberships)
      .where(and(eq(memberships.orgId, ssoOnlyOrg.orgId), eq(memberships.userId, input.userId), eq(memberships.status, 'active')));
    if (membership?.breakGlass) return { allowed: true, breakGlassOrgId: ssoOnlyOrg.orgId };
  }
  return { allowed: false, orgId: ssoOnlyOrg.orgId };
}
