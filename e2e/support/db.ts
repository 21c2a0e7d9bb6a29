import { randomBytes } from 'node:crypto';
import { and, desc, eq, like } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { devOutbox, type Role } from '@/lib/db/schema';
import { addMember } from '@/lib/orgs/members';
import { createOrganization } from '@/lib/orgs/organizations';
import { createUser } from '@/lib/users/create-user';

const by = { actor: { type: 'system' as const, label: 'e2e' } };

export function uniqueEmail(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}@e2e.test`;
}

/** A verified password user who is `role` in a fresh enterprise org (created directly in the database). */
export async function createMemberWithPassword(role: Role = 'owner', password = 'correct horse battery') {
  const db = getDb();
  const email = uniqueEmail(role);
  const user = await createUser(db, { email, name: `E2E ${role}`, password, emailVerified: true });
  const org = await createOrganization(db, { name: `E2E Org ${randomBytes(2).toString('hex')}`, plan: 'enterprise' }, by);
  await addMember(db, { orgId: org.id, userId: user.id, role, source: 'manual' }, by);
  return { user, org, email, password };
}

/** A verified password user who is `role` in an existing org (email made from the name or role unless given). */
export async function addPasswordMember(orgId: string, role: Role, person: { email?: string; name?: string; password?: string } = {}) {
  const { name = `E2E ${role}`, password = 'correct horse battery' } = person;
  const email = person.email ?? uniqueEmail(person.name ? person.name.toLowerCase().replace(/\W+/g, '-') : role);
  const user = await createUser(getDb(), { email, name, password, emailVerified: true });
  await addMember(getDb(), { orgId, userId: user.id, role, source: 'manual' }, by);
  return { user, email, password };
}

/** The newest email sent to `to`, waiting briefly for it to arrive. */
export async function latestEmail(to: string, subjectStartsWith: string) {
  for (let attempt = 0; attempt < 50; attempt++) {
    const [row] = await getDb()
      .select()
      .from(devOutbox)
      .where(and(eq(devOutbox.to, to), like(devOutbox.subject, `${subjectStartsWith}%`)))
      .orderBy(desc(devOutbox.id))
      .limit(1);
    if (row) return row;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`No email "${subjectStartsWith}…" to ${to}`);
}

export function linkIn(text: string): string {
  const match = /https?:\/\/\S+/.exec(text);
  if (!match) throw new Error(`No link in email: ${text}`);
  return match[0];
}
