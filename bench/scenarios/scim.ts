import fs from 'node:fs';
import path from 'node:path';
import { httpLoad } from '../support/http-load';
import { round, type Throughput } from '../support/stats';

/** A SCIM server reached over HTTP: the product (`/api/scim/v2`) or Jackson (`/api/scim/v2.0/<directory>`). */
export type ScimHttpSubject = { name: string; origin: string; basePath: string; token: string };

export type ScimSizes = { users: number; concurrency: number; groupMembers: number; filters: number; deactivations: number };

export type ScimResults = {
  create: Throughput;
  groupPatch: { ms: number; status: number; visibleMembers: number; expectedMembers: number };
  filter: Throughput & { correct: number };
  deactivate: Throughput;
};

const OKTA_USERS = JSON.parse(fs.readFileSync(path.join(process.cwd(), 'e2e/fixtures/scim/okta/users.json'), 'utf8')) as { requests: { name: string; body?: unknown }[] };
const OKTA_CREATE = OKTA_USERS.requests.find((r) => r.name === 'Create the User')!.body;

export const benchUserName = (run: string, index: number) => `user${index}.${run}@bench.test`;

/** Okta's create body (e2e/fixtures/scim/okta/users.json, from Okta's SCIM reference) for one user. */
export function oktaCreateBody(userName: string, index: number): string {
  return JSON.stringify(OKTA_CREATE)
    .replaceAll('{userName}', userName)
    .replaceAll('{oktaUserId}', `00u${String(index).padStart(17, '0')}`)
    .replaceAll('{password}', `pw-${index}-not-stored`);
}

function headers(subject: ScimHttpSubject, body: boolean): Record<string, string> {
  return { Authorization: `Bearer ${subject.token}`, 'User-Agent': 'Okta SCIM Client 1.0.0', ...(body ? { 'Content-Type': 'application/scim+json' } : {}) };
}

async function scimFetch(subject: ScimHttpSubject, method: string, resourcePath: string, body?: unknown) {
  const response = await fetch(`${subject.origin}${subject.basePath}${resourcePath}`, { method, headers: headers(subject, body !== undefined), body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** Every SCIM scenario against one HTTP subject, in order: create, group PATCH, filter, deactivate. */
export async function runScimOverHttp(subject: ScimHttpSubject, sizes: ScimSizes, run: string, beforeDeactivation?: (userIds: string[]) => Promise<void>): Promise<ScimResults & { userIds: string[] }> {
  // Warm-up, not measured: the first requests of a fresh server pay for lazy module loading and JIT.
  await httpLoad({
    origin: subject.origin,
    connections: sizes.concurrency,
    amount: 50,
    request: (index) =>
      index % 2 === 0
        ? { method: 'POST', path: `${subject.basePath}/Users`, headers: headers(subject, true), body: oktaCreateBody(benchUserName(`${run}-warm`, index), index) }
        : { path: `${subject.basePath}/Users?filter=${encodeURIComponent(`userName eq "${benchUserName(`${run}-warm`, index - 1)}"`)}`, headers: headers(subject, false) },
  });

  const userIds: string[] = new Array(sizes.users);
  const create = await httpLoad({
    origin: subject.origin,
    connections: sizes.concurrency,
    amount: sizes.users,
    request: (index) => ({ method: 'POST', path: `${subject.basePath}/Users`, headers: headers(subject, true), body: oktaCreateBody(benchUserName(run, index), index) }),
    check: (status, body) => {
      const created = JSON.parse(body) as { id?: string; userName?: string };
      const index = Number(/^user(\d+)\./.exec(created.userName ?? '')?.[1]);
      if (status !== 201 || !created.id || Number.isNaN(index)) return false;
      userIds[index] = created.id;
      return true;
    },
  });
  const ids = userIds.filter(Boolean);

  const group = await scimFetch(subject, 'POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: `bench-${run}`, members: [] });
  const groupId = String(group.body.id);
  const members = ids.slice(0, sizes.groupMembers);
  const t0 = performance.now();
  const patched = await scimFetch(subject, 'PATCH', `/Groups/${groupId}`, {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
    Operations: [{ op: 'add', path: 'members', value: members.map((value) => ({ value })) }],
  });
  const patchMs = performance.now() - t0;
  const read = await scimFetch(subject, 'GET', `/Groups/${groupId}`);
  const visibleMembers = Array.isArray(read.body.members) ? read.body.members.length : 0;

  let correct = 0;
  const filter = await httpLoad({
    origin: subject.origin,
    connections: sizes.concurrency,
    amount: sizes.filters,
    request: (index) => {
      const userName = benchUserName(run, (index * 7919) % sizes.users);
      return { path: `${subject.basePath}/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`, headers: headers(subject, false) };
    },
    check: (_status, body) => {
      const list = JSON.parse(body) as { totalResults?: number; Resources?: { userName?: string }[] };
      const ok = list.totalResults === 1 && /^user\d+\./.test(list.Resources?.[0]?.userName ?? '');
      if (ok) correct++;
      return ok;
    },
  });

  const targets = ids.slice(ids.length - sizes.deactivations);
  await beforeDeactivation?.(targets);
  const deactivate = await httpLoad({
    origin: subject.origin,
    connections: sizes.concurrency,
    amount: targets.length,
    request: (index) => ({
      method: 'PATCH',
      path: `${subject.basePath}/Users/${targets[index]}`,
      headers: headers(subject, true),
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', value: { active: false } }] }),
    }),
  });

  return {
    userIds: ids,
    create,
    groupPatch: { ms: round(patchMs), status: patched.status, visibleMembers, expectedMembers: members.length },
    filter: { ...filter, correct },
    deactivate,
  };
}

/** Sizes for a full run and for `--quick`. */
export const SCIM_SIZES: Record<'full' | 'quick', ScimSizes> = {
  full: { users: 3000, concurrency: 8, groupMembers: 1000, filters: 500, deactivations: 200 },
  quick: { users: 300, concurrency: 8, groupMembers: 100, filters: 100, deactivations: 40 },
};
