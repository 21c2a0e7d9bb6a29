import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/lib/db/client';
import { memberships } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { getOrgOrThrow } from '@/lib/orgs/organizations';
import { ROLES } from '@/lib/roles/permissions';
import { findUserByEmail } from '@/lib/users/create-user';
import { option, type ParsedArgs } from '../args';

export const roleOption = z.enum(ROLES, { message: 'role must be owner, admin, member or viewer' });

export async function getUserOrThrow(db: Database, email: string) {
  const user = await findUserByEmail(db, email);
  if (!user) throw new UserFacingError(`No user with email ${email}`);
  return user;
}

export async function orgFromArgs(db: Database, args: ParsedArgs) {
  return getOrgOrThrow(db, option(args, 'org', z.string().min(1, '--org is required')));
}

export async function requireActiveMember(db: Database, orgId: string, userId: string, email: string) {
  const [membership] = await db.select().from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId), eq(memberships.status, 'active')));
  if (!membership) throw new UserFacingError(`${email} is not an active member of this organization`);
  return membership;
}
