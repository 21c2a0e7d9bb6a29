import { and, eq } from 'drizzle-orm';
import type { RequestMeta } from '@/lib/auth/sessions';
import type { Executor } from '@/lib/db/client';
import { memberships, organizations, users } from '@/lib/db/schema';
import { sendEmail } from '@/lib/email/send';

/** Emails every owner of the org that a break-glass account just used its password. */
export async function alertBreakGlassUse(db: Executor, input: { orgId: string; email: string; meta: RequestMeta }): Promise<void> {
  const owners = await db
    .select({ email: users.email, orgName: organizations.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organizations, eq(organizations.id, memberships.orgId))
    .where(and(eq(memberships.orgId, input.orgId), eq(memberships.role, 'owner'), eq(memberships.status, 'active')));
  for (const owner of owners) {
    await sendEmail({
      to: owner.email,
      subject: `Break-glass sign-in to ${owner.orgName}`,
      text: `${input.email} signed in to ${owner.orgName} with a break-glass password, bypassing single sign-on.\nIP: ${input.meta.ip ?? 'unknown'}\nBrowser: ${input.meta.userAgent ?? 'unknown'}\nTime: ${new Date().toISOString()}\n\nIf this was not expected, revoke the account's break-glass status and its sessions.`,
    }).catch((error: Error) => console.error(`[break-glass] could not alert ${owner.email}: ${error.message}`));
  }
}
