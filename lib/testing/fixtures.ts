import { randomBytes } from 'node:crypto';
import type { AuditContext } from '@/lib/audit/record';
import type { RequestContext } from '@/lib/auth/context';
import { getDb } from '@/lib/db/client';
import type { Plan, Role } from '@/lib/db/schema';
import { addMember } from '@/lib/orgs/members';
import { createOrganization } from '@/lib/orgs/organizations';
import { createUser } from '@/lib/users/create-user';

export const systemActor: AuditContext = { actor: { type: 'system', label: 'test' } };

export function uniqueEmail(prefix = 'user', domain = 'example.test'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}@${domain}`;
}

export async function makeOrg(options: { name?: string; plan?: Plan } = {}) {
  return createOrganization(getDb(), { name: options.name ?? `Org ${randomBytes(3).toString('hex')}`, plan: options.plan ?? 'enterprise' }, systemActor);
}

export async function makeUser(options: { email?: string; password?: string; verified?: boolean; name?: string } = {}) {
  return createUser(getDb(), {
    email: options.email ?? uniqueEmail(),
    name: options.name ?? 'Test User',
    password: options.password,
    emailVerified: options.verified ?? true,
  });
}

/** A user who is a member of `orgId` with `role`, and the request context they would have. */
export async function makeMember(orgId: string, role: Role, options: { email?: string; password?: string } = {}) {
  const user = await makeUser(options);
  await addMember(getDb(), { orgId, userId: user.id, role, source: 'manual' }, systemActor);
  return user;
}

export function contextFor(user: { id: string; email: string; name: string }, org: { id: string; name: string; slug: string; plan: string }, role: Role): RequestContext {
  const summary = { id: org.id, name: org.name, slug: org.slug, plan: org.plan, role };
  return {
    sessionId: '00000000-0000-0000-0000-000000000000',
    user: { id: user.id, email: user.email, name: user.name },
    org: summary,
    orgs: [summary],
    audit: { actor: { type: 'user', id: user.id, label: user.email }, ip: '127.0.0.1', userAgent: 'vitest' },
  };
}
