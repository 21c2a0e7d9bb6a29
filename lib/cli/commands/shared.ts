import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '@/lib/db/client';
import { memberships } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { ROLES } from '@/lib/roles/permissions';
import { findUserByEmail } from '@/lib/users/create-user';

export const roleOption = z.enum(ROLES, { message: `role must be one of ${ROLES.join(', ')}` });

/** `--org <slug>`: only its shape is checked here; getOrgOrThrow says whether it exists. */
export const orgOption = z.string().trim().min(1, 'give an organization slug').max(100, 'too long for a slug');

export async function getUserOrThrow(db: Executor, email: string) {
  const user = await findUserByEmail(db, email);
  if (!user) throw new UserFacingError(`No user with email ${email}`);
  return user;
}

export async function requireActiveMember(db: Executor, org: { id: string; slug: string }, user: { id: string; email: string }) {
  const [membership] = await db.select().from(memberships).where(and(eq(memberships.orgId, org.id), eq(memberships.userId, user.id), eq(memberships.status, 'active')));
  if (!membership) throw new UserFacingError(`${user.email} is not an active member of ${org.slug}`);
  return membership;
}
