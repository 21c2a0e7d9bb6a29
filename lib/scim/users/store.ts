import { and, asc, count, eq, inArray, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AuditContext } from '@/lib/audit/record';
import type { Executor, Transaction } from '@/lib/db/client';
import { memberships, scimUsers, teamMembers, teams, users } from '@/lib/db/schema';
import { belongsToAnotherOrg } from '@/lib/orgs/members';
import { coerceResource, type ScimObject } from '../coerce';
import { notFound, uniqueness } from '../errors';
import { compileFilter } from '../filter-sql';
import { listResponse, type ListParams } from '../list';
import { applyPatch, type PatchOperation } from '../patch';
import { applyProjection, type Projection } from '../projection';
import { cutMemberAccess } from '@/lib/orgs/member-access';
import { reconcileMemberships } from '../reconcile';
import { runScimWrite, type ScimWrite } from '../write';
import { userResourceType } from '../schema/user';
import { linkOrCreateAccount, renameAccount } from './account';
import { changedAttributes, personName, primaryEmail } from './attributes';
import { toScimUser, userFilterResolver, type ScimUserRow, type UserGroupRef } from './resource';

type Scope = { orgId: string; baseUrl: string };

const isUuid = (id: string) => z.uuid().safeParse(id).success;

/** The attributes we keep in columns are not duplicated in the stored resource. */
function storedResource(resource: ScimObject): ScimObject {
  const { userName: _u, externalId: _e, active: _a, ...rest } = resource;
  return rest;
}

async function groupsOf(db: Executor, orgId: string, userIds: string[]): Promise<Map<string, UserGroupRef[]>> {
  const map = new Map<string, UserGroupRef[]>();
  if (userIds.length === 0) return map;
  const rows = await db
    .select({ userId: teamMembers.userId, id: teams.id, name: teams.name })
    .from(teamMembers)
    .innerJoin(teams, eq(teams.id, teamMembers.teamId))
    .where(and(eq(teams.orgId, orgId), eq(teams.scimManaged, true), inArray(teamMembers.userId, userIds)))
    .orderBy(asc(teams.name));
  for (const row of rows) map.set(row.userId, [...(map.get(row.userId) ?? []), { id: row.id, name: row.name }]);
  return map;
}

async function findRow(db: Executor, orgId: string, id: string, forUpdate = false): Promise<ScimUserRow> {
  if (!isUuid(id)) throw notFound(`User ${id} not found`);
  const query = db.select().from(scimUsers).where(and(eq(scimUsers.orgId, orgId), eq(scimUsers.userId, id)));
  const [row] = forUpdate ? await query.for('update') : await query;
  if (!row) throw notFound(`User ${id} not found`);
  return row;
}

async function render(db: Executor, scope: Scope, row: ScimUserRow, projection: Projection = {}) {
  const groups = await groupsOf(db, scope.orgId, [row.userId]);
  return applyProjection(toScimUser(row, groups.get(row.userId) ?? [], scope.baseUrl), projection);
}

export async function getScimUser(db: Executor, scope: Scope, id: string, projection: Projection) {
  return render(db, scope, await findRow(db, scope.orgId, id), projection);
}

export async function listScimUsers(db: Executor, scope: Scope, params: ListParams, projection: Projection) {
  const where = params.filter ? and(eq(scimUsers.orgId, scope.orgId), compileFilter(params.filter, userFilterResolver)) : eq(scimUsers.orgId, scope.orgId);
  // The page and the total in one statement (count(*) over() sees every match before the limit);
  // only an empty page (count=0, or startIndex past the end) needs the count on its own.
  const page =
    params.count === 0
      ? []
      : await db
          .select({ row: scimUsers, total: sql<number>`count(*) over()`.mapWith(Number) })
          .from(scimUsers)
          .where(where)
          .orderBy(asc(scimUsers.createdAt), asc(scimUsers.userId))
          .limit(params.count)
          .offset(params.startIndex - 1);
  const total = page.length > 0 ? page[0].total : (await db.select({ total: count() }).from(scimUsers).where(where))[0].total;
  const rows = page.map((p) => p.row);
  const groups = await groupsOf(db, scope.orgId, rows.map((r) => r.userId));
  const resources = rows.map((row) => applyProjection(toScimUser(row, groups.get(row.userId) ?? [], scope.baseUrl), projection));
  return listResponse(resources, total, params.startIndex);
}

async function assertUserNameFree(tx: Transaction, orgId: string, userName: string, exceptUserId?: string) {
  const conditions = [eq(scimUsers.orgId, orgId), sql`lower(${scimUsers.userName}) = lower(${userName})`];
  if (exceptUserId) conditions.push(ne(scimUsers.userId, exceptUserId));
  const [taken] = await tx.select({ id: scimUsers.userId }).from(scimUsers).where(and(...conditions));
  if (taken) throw uniqueness(`userName "${userName}" is already in use in this directory`);
}

/** POST /Users: an account (found by email or created), the directory entry and an org membership. */
export async function createScimUser(db: Executor, scope: Scope, body: unknown, by: AuditContext) {
  const resource = coerceResource(userResourceType, body);
  const userName = (resource.userName as string).trim();
  const active = resource.active !== false;
  const row = await runScimWrite(db, scope.orgId, by, async (write) => {
    const { tx, org, audit } = write;
    await assertUserNameFree(tx, scope.orgId, userName);
    const { user, account } = await linkOrCreateAccount(tx, scope.orgId, { email: primaryEmail(resource), name: personName(resource) });
    const [created] = await tx
      .insert(scimUsers)
      .values({ orgId: scope.orgId, userId: user.id, userName, externalId: (resource.externalId as string | undefined) ?? null, active, resource: storedResource(resource) })
      .returning();
    const [membership] = await tx.select().from(memberships).where(and(eq(memberships.orgId, scope.orgId), eq(memberships.userId, user.id)));
    audit({ action: 'user.provisioned', target: { type: 'user', id: user.id, label: user.email }, after: { userName, active, externalId: created.externalId }, metadata: { via: 'scim', account } });
    if (!membership) {
      const status = active && !org.requireMappedGroup ? 'active' : 'suspended';
      await tx.insert(memberships).values({ orgId: scope.orgId, userId: user.id, role: org.defaultRole, source: 'scim', status });
      audit({ action: 'member.added', target: { type: 'user', id: user.id, label: user.email }, after: { role: org.defaultRole, source: 'scim', status }, metadata: { reason: 'default role' } });
    }
    await reconcileMemberships(write, { orgId: scope.orgId, userIds: [user.id], reason: 'SCIM user created' });
    return created;
  });
  return render(db, scope, row);
}

/**
 * Keeps the account in step with the directory: its name when this org alone holds it, and its
 * sign-in email when the directory changed the address it sends (under the rules of ./account).
 */
async function syncAccount(write: ScimWrite, orgId: string, userId: string, change: { resource: ScimObject; email: string; previousEmail: string }) {
  const { tx } = write;
  if (change.email !== change.previousEmail) await renameAccount(write, { orgId, userId, email: change.email });
  if (!(await belongsToAnotherOrg(tx, userId, orgId))) await tx.update(users).set({ name: personName(change.resource), updatedAt: new Date() }).where(eq(users.id, userId));
}

/** Stores a replaced or patched resource; `active` changes cut or restore access in the same transaction. */
async function storeUser(write: ScimWrite, scope: Scope, before: ScimUserRow, next: ScimObject, trigger: string) {
  const { tx, audit } = write;
  const userName = (next.userName as string).trim();
  await assertUserNameFree(tx, scope.orgId, userName, before.userId);
  const active = typeof next.active === 'boolean' ? next.active : before.active;
  const email = primaryEmail(next);
  const [row] = await tx
    .update(scimUsers)
    .set({ userName, externalId: (next.externalId as string | undefined) ?? null, active, resource: storedResource(next), updatedAt: new Date() })
    .where(and(eq(scimUsers.orgId, scope.orgId), eq(scimUsers.userId, before.userId)))
    .returning();
  await syncAccount(write, scope.orgId, before.userId, { resource: next, email, previousEmail: primaryEmail({ ...before.resource, userName: before.userName }) });
  const diff = changedAttributes(
    { ...before.resource, userName: before.userName, externalId: before.externalId ?? undefined, active: before.active },
    { ...row.resource, userName: row.userName, externalId: row.externalId ?? undefined, active: row.active },
  );
  if (Object.keys(diff.after).length > 0) {
    audit({ action: 'user.updated', target: { type: 'user', id: row.userId, label: row.userName }, ...diff, metadata: { via: `SCIM ${trigger}` } });
  }
  if (active !== before.active) await reconcileMemberships(write, { orgId: scope.orgId, userIds: [row.userId], reason: `SCIM ${trigger}: active=${active}` });
  return row;
}

export async function replaceScimUser(db: Executor, scope: Scope, id: string, body: unknown, by: AuditContext) {
  const next = coerceResource(userResourceType, body);
  const row = await runScimWrite(db, scope.orgId, by, async (write) => storeUser(write, scope, await findRow(write.tx, scope.orgId, id, true), next, 'PUT'));
  return render(db, scope, row);
}

export async function patchScimUser(db: Executor, scope: Scope, id: string, operations: PatchOperation[], by: AuditContext) {
  const row = await runScimWrite(db, scope.orgId, by, async (write) => {
    const before = await findRow(write.tx, scope.orgId, id, true);
    const current = { ...before.resource, userName: before.userName, active: before.active, ...(before.externalId ? { externalId: before.externalId } : {}) };
    const next = coerceResource(userResourceType, applyPatch(userResourceType, current, operations));
    return storeUser(write, scope, before, next, 'PATCH');
  });
  return render(db, scope, row);
}

/**
 * DELETE /Users: the directory entry disappears and access ends at once (membership suspended,
 * sessions revoked, API keys disabled). The account, its projects and keys are kept.
 */
export async function deleteScimUser(db: Executor, scope: Scope, id: string, by: AuditContext) {
  await runScimWrite(db, scope.orgId, by, async ({ tx, audit }) => {
    const row = await findRow(tx, scope.orgId, id, true);
    await tx.delete(scimUsers).where(and(eq(scimUsers.orgId, scope.orgId), eq(scimUsers.userId, row.userId)));
    const directoryTeams = tx.select({ id: teams.id }).from(teams).where(and(eq(teams.orgId, scope.orgId), eq(teams.scimManaged, true)));
    await tx.delete(teamMembers).where(and(eq(teamMembers.userId, row.userId), inArray(teamMembers.teamId, directoryTeams)));
    const [membership] = await tx
      .update(memberships)
      .set({ status: 'suspended', updatedAt: new Date() })
      .where(and(eq(memberships.orgId, scope.orgId), eq(memberships.userId, row.userId), eq(memberships.status, 'active')))
      .returning({ id: memberships.id });
    const cut = membership ? await cutMemberAccess(tx, { orgId: scope.orgId, userId: row.userId, reason: 'SCIM: deleted from the directory', by }) : null;
    audit({ action: 'user.deleted', target: { type: 'user', id: row.userId, label: row.userName }, before: { userName: row.userName, active: row.active }, metadata: { via: 'scim', membership: 'suspended', ...(cut ?? {}) } });
  });
}
