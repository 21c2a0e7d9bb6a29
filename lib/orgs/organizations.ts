import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { auditBy, recordAudit, type AuditContext } from '@/lib/audit/record';
import type { Executor } from '@/lib/db/client';
import { memberships, organizations, users, type Plan } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';

export const orgNameSchema = z.string().trim().min(2, 'Organization name must be at least 2 characters').max(80, 'Organization name must be at most 80 characters');
export const slugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, 'Slug may contain lowercase letters, digits and dashes (max 48)');
export const planSchema = z.enum(['free', 'team', 'enterprise'], { message: 'Plan must be free, team or enterprise' });

export function slugify(name: string): string {
  const base = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return base || 'org';
}

async function uniqueSlug(db: Executor, wanted: string): Promise<string> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const candidate = attempt === 0 ? wanted : `${wanted}-${Math.random().toString(36).slice(2, 6)}`;
    const [taken] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.slug, candidate));
    if (!taken) return candidate;
  }
  throw new UserFacingError('Could not find a free slug for this organization');
}

export async function findOrgBySlug(db: Executor, slug: string) {
  const [org] = await db.select().from(organizations).where(eq(organizations.slug, slug.toLowerCase()));
  return org;
}

export async function getOrgOrThrow(db: Executor, slug: string) {
  const org = await findOrgBySlug(db, slug);
  if (!org) throw new UserFacingError(`No organization with slug "${slug}"`);
  return org;
}

/** Creates an org; when `ownerUserId` is given that user becomes its owner. */
export async function createOrganization(
  db: Executor,
  input: { name: string; slug?: string; plan?: Plan; ownerUserId?: string; ownerSource?: 'manual' | 'invite' },
  by: AuditContext,
) {
  return db.transaction(async (tx) => {
    let slug = input.slug ? slugSchema.parse(input.slug) : await uniqueSlug(tx, slugify(input.name));
    if (input.slug && (await findOrgBySlug(tx, slug))) throw new UserFacingError(`The slug "${slug}" is already taken`);
    const [org] = await tx.insert(organizations).values({ name: input.name, slug, plan: input.plan ?? 'free' }).returning();
    slug = org.slug;
    await recordAudit(tx, auditBy(by, { orgId: org.id, action: 'org.created', target: { type: 'org', id: org.id, label: org.name }, after: { name: org.name, slug, plan: org.plan } }));
    if (input.ownerUserId) {
      const [owner] = await tx.select({ email: users.email }).from(users).where(eq(users.id, input.ownerUserId));
      if (!owner) throw new UserFacingError('The owner account does not exist');
      await tx.insert(memberships).values({ userId: input.ownerUserId, orgId: org.id, role: 'owner', source: input.ownerSource ?? 'manual' });
      await recordAudit(tx, auditBy(by, { orgId: org.id, action: 'member.added', target: { type: 'user', id: input.ownerUserId, label: owner.email }, after: { role: 'owner' } }));
    }
    return org;
  });
}

export async function setOrgPlan(db: Executor, orgId: string, plan: Plan, by: AuditContext) {
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(organizations).where(eq(organizations.id, orgId));
    if (!before) throw new UserFacingError('Organization not found');
    const [after] = await tx.update(organizations).set({ plan, updatedAt: new Date() }).where(eq(organizations.id, orgId)).returning();
    await recordAudit(tx, auditBy(by, { orgId, action: 'org.plan_changed', target: { type: 'org', id: orgId, label: after.name }, before: { plan: before.plan }, after: { plan } }));
    return after;
  });
}
