import { and, asc, count, eq, ne, sql } from 'drizzle-orm';
import type { Filter } from 'scim2-parse-filter';
import { z } from 'zod';
import type { AuditContext } from '@/lib/audit/record';
import type { Executor, Transaction } from '@/lib/db/client';
import { teams } from '@/lib/db/schema';
import { coerceAttributeValue, coerceResource, isObject } from '../coerce';
import { invalidFilter, invalidPath, invalidValue, notFound, uniqueness } from '../errors';
import { compileFilter } from '../filter-sql';
import { listResponse, type ListParams } from '../list';
import type { PatchOperation } from '../patch';
import { parsePatchPath } from '../paths';
import { applyProjection, wantsAttribute, type Projection } from '../projection';
import { reconcileMemberships } from '../reconcile';
import { runScimWrite, type ScimWrite } from '../write';
import { groupResourceType, groupSchema } from '../schema/group';
import { findAttribute } from '../schema/types';
import { addTeamMembers, assertDirectoryUsers, listTeamMembers, memberIdsFrom, removeTeamMembers, setTeamMembers } from './members';
import { groupFilterResolver, toScimGroup, type TeamRow } from './resource';

type Scope = { orgId: string; baseUrl: string };

const directoryTeam = (orgId: string) => and(eq(teams.orgId, orgId), eq(teams.scimManaged, true));

async function findTeam(db: Executor, orgId: string, id: string, forUpdate = false): Promise<TeamRow> {
  if (!z.uuid().safeParse(id).success) throw notFound(`Group ${id} not found`);
  const query = db.select().from(teams).where(and(directoryTeam(orgId), eq(teams.id, id)));
  const [team] = forUpdate ? await query.for('update') : await query;
  if (!team) throw notFound(`Group ${id} not found`);
  return team;
}

async function render(db: Executor, scope: Scope, team: TeamRow, projection: Projection = {}) {
  const members = wantsAttribute(projection, 'members') ? (await listTeamMembers(db, scope.orgId, [team.id])).get(team.id) : undefined;
  return applyProjection(toScimGroup(team, members, scope.baseUrl), projection);
}

export async function getScimGroup(db: Executor, scope: Scope, id: string, projection: Projection) {
  return render(db, scope, await findTeam(db, scope.orgId, id), projection);
}

export async function listScimGroups(db: Executor, scope: Scope, params: ListParams, projection: Projection) {
  const where = params.filter ? and(directoryTeam(scope.orgId), compileFilter(params.filter, groupFilterResolver)) : directoryTeam(scope.orgId);
  const [{ total }] = await db.select({ total: count() }).from(teams).where(where);
  const rows = params.count === 0 ? [] : await db.select().from(teams).where(where).orderBy(asc(teams.createdAt), asc(teams.id)).limit(params.count).offset(params.startIndex - 1);
  const members = wantsAttribute(projection, 'members') ? await listTeamMembers(db, scope.orgId, rows.map((r) => r.id)) : undefined;
  return listResponse(rows.map((team) => applyProjection(toScimGroup(team, members?.get(team.id), scope.baseUrl), projection)), total, params.startIndex);
}

async function assertNameFree(tx: Transaction, orgId: string, name: string, exceptTeamId?: string) {
  const conditions = [directoryTeam(orgId), sql`lower(${teams.name}) = lower(${name})`];
  if (exceptTeamId) conditions.push(ne(teams.id, exceptTeamId));
  const [taken] = await tx.select({ id: teams.id }).from(teams).where(and(...conditions));
  if (taken) throw uniqueness(`A group named "${name}" already exists`);
}

function displayNameOf(value: unknown): string {
  const name = coerceAttributeValue(findAttribute(groupSchema.attributes, 'displayName')!, value, 'displayName');
  if (typeof name !== 'string' || !name.trim()) throw invalidValue('displayName is required');
  if (name.trim().length > 200) throw invalidValue('displayName is too long (200 characters at most)');
  return name.trim();
}

type MemberChange = { added: string[]; removed: string[] };

async function finishGroupChange(write: ScimWrite, scope: Scope, team: TeamRow, change: MemberChange & { renamed: boolean }, trigger: string) {
  const { tx, audit } = write;
  if (change.added.length || change.removed.length) {
    audit({
      action: 'team.members_changed',
      target: { type: 'team', id: team.id, label: team.name },
      metadata: { via: 'scim', added: change.added.length, removed: change.removed.length, addedIds: change.added.slice(0, 50), removedIds: change.removed.slice(0, 50) },
    });
  }
  // A renamed group may now match other rules: re-decide everyone in it.
  const everyone = change.renamed ? (await listTeamMembers(tx, scope.orgId, [team.id])).get(team.id)!.map((m) => m.userId) : [];
  await reconcileMemberships(write, { orgId: scope.orgId, userIds: [...change.added, ...change.removed, ...everyone], reason: `SCIM group "${team.name}" ${trigger}` });
}

/** POST /Groups: a new team, or an existing same-name team from SSO logins that the directory now manages. */
export async function createScimGroup(db: Executor, scope: Scope, body: unknown, by: AuditContext) {
  const resource = coerceResource(groupResourceType, body);
  const name = displayNameOf(resource.displayName);
  const memberIds = resource.members ? memberIdsFrom(resource.members) : [];
  const team = await runScimWrite(db, scope.orgId, by, async (write) => {
    const { tx, audit } = write;
    await assertNameFree(tx, scope.orgId, name);
    await assertDirectoryUsers(tx, scope.orgId, memberIds);
    const externalId = (resource.externalId as string | undefined) ?? null;
    const [adopted] = await tx.update(teams).set({ scimManaged: true, externalId, updatedAt: new Date() }).where(and(eq(teams.orgId, scope.orgId), eq(teams.name, name))).returning();
    const [team] = adopted ? [adopted] : await tx.insert(teams).values({ orgId: scope.orgId, name, externalId, scimManaged: true }).returning();
    audit({ action: 'team.created', target: { type: 'team', id: team.id, label: name }, after: { displayName: name, externalId }, metadata: { via: 'scim', adoptedFromSso: Boolean(adopted) } });
    const change = await setTeamMembers(tx, team.id, memberIds);
    await finishGroupChange(write, scope, team, { ...change, renamed: Boolean(adopted) }, 'created');
    return team;
  });
  return render(db, scope, team);
}

async function rename({ tx, audit }: ScimWrite, scope: Scope, team: TeamRow, fields: { name?: string; externalId?: string | null }): Promise<TeamRow> {
  const name = fields.name ?? team.name;
  const externalId = fields.externalId === undefined ? team.externalId : fields.externalId;
  if (name === team.name && externalId === team.externalId) return team;
  if (name !== team.name) await assertNameFree(tx, scope.orgId, name, team.id);
  const [updated] = await tx.update(teams).set({ name, externalId, updatedAt: new Date() }).where(eq(teams.id, team.id)).returning();
  audit({ action: 'team.updated', target: { type: 'team', id: team.id, label: name }, before: { displayName: team.name, externalId: team.externalId }, after: { displayName: name, externalId }, metadata: { via: 'scim' } });
  return updated;
}

export async function replaceScimGroup(db: Executor, scope: Scope, id: string, body: unknown, by: AuditContext) {
  const resource = coerceResource(groupResourceType, body);
  const name = displayNameOf(resource.displayName);
  const memberIds = resource.members ? memberIdsFrom(resource.members) : [];
  const team = await runScimWrite(db, scope.orgId, by, async (write) => {
    const { tx } = write;
    const before = await findTeam(tx, scope.orgId, id, true);
    await assertDirectoryUsers(tx, scope.orgId, memberIds);
    const team = await rename(write, scope, before, { name, externalId: (resource.externalId as string | undefined) ?? null });
    const change = await setTeamMembers(tx, team.id, memberIds);
    await tx.update(teams).set({ updatedAt: new Date() }).where(eq(teams.id, team.id));
    await finishGroupChange(write, scope, team, { ...change, renamed: team !== before }, 'replaced');
    return team;
  });
  return render(db, scope, team);
}

/** `members[value eq "a" or value eq "b"]` → ["a", "b"]: the member filters Okta and Entra send. */
function memberIdsInFilter(filter: Filter): string[] {
  if (filter.op === 'or') return filter.filters.flatMap(memberIdsInFilter);
  if (filter.op === 'eq' && filter.attrPath.toLowerCase() === 'value' && typeof filter.compValue === 'string') return [filter.compValue.toLowerCase()];
  throw invalidFilter('Member filters may only compare value with eq (value eq "<user id>"), joined with or');
}

/** PATCH /Groups/{id}: members change set-based, one statement per operation; roles are re-decided once at the end. */
export async function patchScimGroup(db: Executor, scope: Scope, id: string, operations: PatchOperation[], by: AuditContext) {
  await runScimWrite(db, scope.orgId, by, async (write) => {
    const { tx } = write;
    const before = await findTeam(tx, scope.orgId, id, true);
    let team = before;
    const added = new Set<string>();
    const removed = new Set<string>();
    const track = (change: Partial<MemberChange>) => {
      change.added?.forEach((u) => (removed.delete(u), added.add(u)));
      change.removed?.forEach((u) => (added.delete(u), removed.add(u)));
    };
    const changeMembers = async (op: PatchOperation['op'], value: unknown) => {
      if (op === 'remove' && value === undefined) return track({ removed: await removeTeamMembers(tx, team.id, 'all') });
      const ids = memberIdsFrom(value);
      if (op === 'remove') return track({ removed: await removeTeamMembers(tx, team.id, ids) });
      await assertDirectoryUsers(tx, scope.orgId, ids);
      if (op === 'add') return track({ added: await addTeamMembers(tx, team.id, ids) });
      track(await setTeamMembers(tx, team.id, ids));
    };
    const setAttribute = async (op: PatchOperation['op'], attribute: string, value: unknown, path: string) => {
      const lower = attribute.toLowerCase();
      if (lower === 'members') return changeMembers(op, value);
      if (lower === 'displayname') {
        if (op === 'remove') throw invalidValue('displayName is required and cannot be removed');
        team = await rename(write, scope, team, { name: displayNameOf(value) });
        return;
      }
      if (lower === 'externalid') {
        const externalId = op === 'remove' ? null : (coerceAttributeValue(findAttribute(groupSchema.attributes, 'externalId')!, value, 'externalId') as string | null);
        team = await rename(write, scope, team, { externalId });
        return;
      }
      if (lower === 'id' || lower === 'schemas' || lower === 'meta') return;
      throw invalidPath(`"${path}" is not an attribute of Group`);
    };

    for (const op of operations) {
      if (!op.path) {
        if (!isObject(op.value)) throw invalidValue(`${op.op} without a path needs an object value`);
        for (const [key, value] of Object.entries(op.value)) await setAttribute(op.op, key, value, key);
        continue;
      }
      const target = parsePatchPath(groupResourceType, op.path);
      if (target.filter) {
        if (target.ref.def.name !== 'members' || target.sub || op.op !== 'remove') throw invalidPath(`"${op.path}": a member filter is only supported to remove members`);
        track({ removed: await removeTeamMembers(tx, team.id, memberIdsInFilter(target.filter)) });
        continue;
      }
      if (target.sub) throw invalidPath(`"${op.path}" cannot be changed on its own`);
      await setAttribute(op.op, target.ref.def.name, op.value, op.path);
    }
    await tx.update(teams).set({ updatedAt: new Date() }).where(eq(teams.id, team.id));
    await finishGroupChange(write, scope, team, { added: [...added], removed: [...removed], renamed: team.name !== before.name || team.externalId !== before.externalId }, 'changed');
  });
}

/** DELETE /Groups/{id}: the team goes; its members' roles are re-decided without it. */
export async function deleteScimGroup(db: Executor, scope: Scope, id: string, by: AuditContext) {
  await runScimWrite(db, scope.orgId, by, async (write) => {
    const { tx } = write;
    const team = await findTeam(tx, scope.orgId, id, true);
    const removed = await removeTeamMembers(tx, team.id, 'all');
    await tx.delete(teams).where(eq(teams.id, team.id));
    write.audit({ action: 'team.deleted', target: { type: 'team', id: team.id, label: team.name }, before: { displayName: team.name, externalId: team.externalId, members: removed.length }, metadata: { via: 'scim' } });
    await reconcileMemberships(write, { orgId: scope.orgId, userIds: removed, reason: `SCIM group "${team.name}" deleted` });
  });
}
