/**
 * Replays recorded IdP SCIM requests (e2e/fixtures/scim/**) against the running app and checks
 * every answer against RFC 7643/7644 and our contract (lib/scim). Shared by the scim-*.spec.ts files.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { expect, type APIRequestContext, type APIResponse } from '@playwright/test';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';
import { memberships, teamMembers, teams, users } from '@/lib/db/schema';
import { makeOrg, systemActor } from '@/lib/testing/fixtures';
import { createScimToken, revokeScimToken } from '@/lib/scim/tokens';

export const SCIM_BASE = '/api/scim/v2';
export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENTERPRISE_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ---------------------------------------------------------------------------------------------
// Orgs and tokens

export type ScimOrg = Awaited<ReturnType<typeof makeScimOrg>>;

/** A fresh enterprise org with a live SCIM token (created straight in the database). */
export async function makeScimOrg(tokenName = 'Okta') {
  const org = await makeOrg();
  const token = await createScimToken(getDb(), { orgId: org.id, name: tokenName }, systemActor);
  return { org, orgId: org.id, token: token.token, tokenId: token.id };
}

export async function revokeToken(orgId: string, tokenId: string) {
  await revokeScimToken(getDb(), { orgId, tokenId }, systemActor);
}

export function suffix() {
  return randomBytes(4).toString('hex');
}

// ---------------------------------------------------------------------------------------------
// Fixtures

export type RecordedRequest = {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Replaces "Bearer <token>" (Okta's 401 step sends a bare "non-token"). */
  authorization?: string;
  body?: unknown;
  source?: string;
  note?: string;
};

export type Fixture = { source: string; description: string; requests: RecordedRequest[] };

export function loadFixture(relative: string): Fixture {
  const file = path.resolve(process.cwd(), 'e2e/fixtures/scim', relative);
  const fixture = JSON.parse(fs.readFileSync(file, 'utf8')) as Fixture;
  expect(fixture.source, `${relative} names its source`).toMatch(/^https:\/\//);
  return fixture;
}

/** The recorded request called `name` (exact), so a renamed fixture step fails loudly. */
export function step(fixture: Fixture, name: string): RecordedRequest {
  const found = fixture.requests.find((r) => r.name === name);
  if (!found) throw new Error(`No recorded request "${name}" in fixture (have: ${fixture.requests.map((r) => r.name).join(' | ')})`);
  return found;
}

export type Vars = Record<string, string>;

function fill(text: string, vars: Vars): string {
  return text.replace(/\{([A-Za-z][A-Za-z0-9_]*)\}/g, (whole, name: string) => {
    if (!(name in vars)) throw new Error(`Fixture placeholder {${name}} has no value`);
    return vars[name];
  });
}

function fillDeep(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') return fill(value, vars);
  if (Array.isArray(value)) return value.map((v) => fillDeep(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [fill(k, vars), fillDeep(v, vars)]));
  return value;
}

/** Fills placeholders; query values are percent-encoded the way an HTTP client sends them. */
export function render(recorded: RecordedRequest, vars: Vars): RecordedRequest {
  const [pathname, query] = recorded.path.split('?');
  let filledPath = fill(pathname, vars);
  if (query !== undefined) {
    const encoded = query
      .split('&')
      .map((pair) => {
        const at = pair.indexOf('=');
        const key = at < 0 ? pair : pair.slice(0, at);
        const value = at < 0 ? '' : pair.slice(at + 1);
        return `${encodeURIComponent(key)}=${encodeURIComponent(fill(value, vars))}`;
      })
      .join('&');
    filledPath += `?${encoded}`;
  }
  return { ...recorded, path: filledPath, body: recorded.body === undefined ? undefined : fillDeep(recorded.body, vars) };
}

// ---------------------------------------------------------------------------------------------
// Calling the server

export type ScimReply = { status: number; headers: Record<string, string>; text: string; body: any; request: string };

/** Anything that looks like a leaked stack trace or internal detail. */
const STACK_TRACE = /(\n\s+at\s+\S+|at\s+[\w.<>]+\s+\(\/|node_modules|\.tsx?:\d+:\d+|\.js:\d+:\d+|TypeError|ReferenceError|SyntaxError: |PostgresError|drizzle|duplicate key value|violates (unique|foreign key|check) constraint)/;

/** Every answer, whatever the test: never a 500, never a stack trace, SCIM JSON when there is a body. */
export function expectSane(reply: ScimReply) {
  expect(reply.status, `${reply.request} must never answer 500: ${reply.text.slice(0, 500)}`).not.toBe(500);
  expect(reply.status, `${reply.request} answered a server error`).toBeLessThan(500);
  expect(reply.text, `${reply.request} leaks internals`).not.toMatch(STACK_TRACE);
  if (reply.text.length > 0) {
    expect(reply.headers['content-type'], `${reply.request} Content-Type`).toMatch(/^application\/scim\+json\s*(;|$)/i);
  }
}

export function scimClient(request: APIRequestContext, token: string | null) {
  async function send(method: RecordedRequest['method'], urlPath: string, options: { body?: unknown; raw?: string; contentType?: string; headers?: Record<string, string>; authorization?: string | null } = {}): Promise<ScimReply> {
    const headers: Record<string, string> = { Accept: 'application/scim+json', ...options.headers };
    const authorization = options.authorization !== undefined ? options.authorization : token ? `Bearer ${token}` : null;
    if (authorization !== null) headers.Authorization = authorization;
    const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (payload !== undefined) headers['Content-Type'] = options.contentType ?? 'application/scim+json';
    else if (options.contentType) headers['Content-Type'] = options.contentType;
    const response: APIResponse = await request.fetch(`${SCIM_BASE}${urlPath}`, { method, headers, data: payload, failOnStatusCode: false, maxRedirects: 0 });
    const text = await response.text();
    let body: any;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    const reply: ScimReply = { status: response.status(), headers: response.headers(), text, body, request: `${method} ${urlPath}` };
    expectSane(reply);
    if (text.length > 0) expect(body, `${reply.request} answers JSON`).toBeDefined();
    return reply;
  }

  return {
    send,
    get: (p: string, headers?: Record<string, string>) => send('GET', p, { headers }),
    post: (p: string, body: unknown) => send('POST', p, { body }),
    put: (p: string, body: unknown) => send('PUT', p, { body }),
    patch: (p: string, body: unknown) => send('PATCH', p, { body }),
    delete: (p: string) => send('DELETE', p),
    /** Sends a recorded request exactly as recorded (its content type, headers and authorization). */
    replay: (recorded: RecordedRequest, vars: Vars = {}) => {
      const r = render(recorded, vars);
      return send(r.method, r.path, { body: r.body, contentType: r.contentType, headers: r.headers, authorization: r.authorization });
    },
  };
}

export type ScimClient = ReturnType<typeof scimClient>;

// ---------------------------------------------------------------------------------------------
// RFC checks

export function expectStatus(reply: ScimReply, status: number) {
  expect(reply.status, `${reply.request} → ${reply.text.slice(0, 800)}`).toBe(status);
}

/** RFC 7644 §3.12: error schema, status as a string, scimType when the RFC defines one. */
export function expectScimError(reply: ScimReply, status: number, scimType?: string) {
  expectStatus(reply, status);
  expect(reply.body, `${reply.request} error body`).toBeTruthy();
  expect(reply.body.schemas).toEqual([ERROR_SCHEMA]);
  expect(reply.body.status).toBe(String(status));
  expect(typeof reply.body.detail).toBe('string');
  expect(reply.body.detail.length).toBeGreaterThan(0);
  if (scimType) expect(reply.body.scimType, `${reply.request} scimType (detail: ${reply.body.detail})`).toBe(scimType);
}

/** RFC 7644 §3.4.2: ListResponse with integer paging fields. */
export function expectListResponse(reply: ScimReply, expected: { totalResults?: number; startIndex?: number } = {}) {
  expectStatus(reply, 200);
  const body = reply.body;
  expect(body.schemas).toEqual([LIST_SCHEMA]);
  expect(Number.isInteger(body.totalResults)).toBe(true);
  expect(Number.isInteger(body.startIndex)).toBe(true);
  expect(Number.isInteger(body.itemsPerPage)).toBe(true);
  expect(Array.isArray(body.Resources)).toBe(true);
  expect(body.itemsPerPage).toBe(body.Resources.length);
  expect(body.totalResults).toBeGreaterThanOrEqual(body.Resources.length);
  if (expected.totalResults !== undefined) expect(body.totalResults, `${reply.request} totalResults`).toBe(expected.totalResults);
  expect(body.startIndex).toBe(expected.startIndex ?? 1);
  return body.Resources as any[];
}

/** RFC 7643 §3.1 meta: resourceType, created ≤ lastModified (ISO dates), absolute location, version. */
export function expectMeta(resource: any, resourceType: 'User' | 'Group', location: string) {
  const meta = resource.meta;
  expect(meta, `meta of ${resourceType} ${resource.id}`).toBeTruthy();
  expect(meta.resourceType).toBe(resourceType);
  for (const key of ['created', 'lastModified'] as const) {
    expect(typeof meta[key]).toBe('string');
    expect(meta[key]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  }
  expect(Date.parse(meta.lastModified)).toBeGreaterThanOrEqual(Date.parse(meta.created));
  expect(meta.location).toBe(location);
  expect(typeof meta.version).toBe('string');
  expect(meta.version.length).toBeGreaterThan(0);
}

export function userLocation(baseURL: string, id: string) {
  return `${baseURL.replace(/\/$/, '')}${SCIM_BASE}/Users/${id}`;
}
export function groupLocation(baseURL: string, id: string) {
  return `${baseURL.replace(/\/$/, '')}${SCIM_BASE}/Groups/${id}`;
}

/** A full User resource as RFC 7643 §4.1 and our contract describe it. */
export function expectUser(resource: any, baseURL: string, expected: { userName?: string; active?: boolean; id?: string } = {}) {
  expect(resource.schemas).toContain(USER_SCHEMA);
  expect(resource.id).toMatch(UUID);
  if (expected.id) expect(resource.id).toBe(expected.id);
  expect(typeof resource.userName).toBe('string');
  if (expected.userName !== undefined) expect(resource.userName).toBe(expected.userName);
  expect(typeof resource.active, 'active is a JSON boolean').toBe('boolean');
  if (expected.active !== undefined) expect(resource.active).toBe(expected.active);
  expect(resource).not.toHaveProperty('password');
  expectMeta(resource, 'User', userLocation(baseURL, resource.id));
}

export function expectGroup(resource: any, baseURL: string, expected: { displayName?: string; id?: string } = {}) {
  expect(resource.schemas).toContain(GROUP_SCHEMA);
  expect(resource.id).toMatch(UUID);
  if (expected.id) expect(resource.id).toBe(expected.id);
  if (expected.displayName !== undefined) expect(resource.displayName).toBe(expected.displayName);
  expectMeta(resource, 'Group', groupLocation(baseURL, resource.id));
}

/** RFC 7644 §3.3: 201, Location header equal to meta.location, the resource in the body. */
export function expectCreated(reply: ScimReply, resourceType: 'User' | 'Group', baseURL: string) {
  expectStatus(reply, 201);
  const location = resourceType === 'User' ? userLocation(baseURL, reply.body.id) : groupLocation(baseURL, reply.body.id);
  expect(reply.headers.location, 'Location header on 201').toBe(location);
  expect(reply.body.meta?.location).toBe(location);
  return reply.body;
}

/** Group members as our contract returns them: value, display (the userName or displayName), $ref to the user. */
export function expectMembers(group: any, baseURL: string, expected: { id: string; userName: string; displayName?: string }[]) {
  const members = [...(group.members ?? [])].sort((a: any, b: any) => String(a.value).localeCompare(String(b.value)));
  const wanted = [...expected].sort((a, b) => a.id.localeCompare(b.id));
  expect(members.map((m: any) => m.value)).toEqual(wanted.map((m) => m.id));
  members.forEach((member: any, i: number) => {
    expect([wanted[i].userName, wanted[i].displayName].filter(Boolean), `display of member ${member.value}`).toContain(member.display);
    expect(member.$ref).toBe(userLocation(baseURL, wanted[i].id));
  });
}

export function primaryEmail(resource: any): string | undefined {
  const emails: any[] = resource.emails ?? [];
  return (emails.find((e) => e.primary === true) ?? emails[0])?.value;
}

export function workEmail(resource: any): string | undefined {
  return (resource.emails ?? []).find((e: any) => e.type === 'work')?.value;
}

// ---------------------------------------------------------------------------------------------
// Database views

export async function membershipOf(orgId: string, userId: string) {
  const [row] = await getDb().select().from(memberships).where(and(eq(memberships.orgId, orgId), eq(memberships.userId, userId)));
  return row;
}

export async function userRow(userId: string) {
  const [row] = await getDb().select().from(users).where(eq(users.id, userId));
  return row;
}

export async function userByEmail(email: string) {
  const [row] = await getDb().select().from(users).where(eq(users.email, email.toLowerCase()));
  return row;
}

/** The user ids in the team that backs a SCIM group. */
export async function teamMemberIds(teamId: string) {
  const rows = await getDb().select({ userId: teamMembers.userId }).from(teamMembers).where(eq(teamMembers.teamId, teamId));
  return rows.map((r) => r.userId).sort();
}

export async function teamsOf(orgId: string) {
  return getDb().select().from(teams).where(eq(teams.orgId, orgId)).orderBy(asc(teams.name));
}

/**
 * Everything a SCIM request may change for an org, read from the database (users, memberships,
 * teams, team members) and from the directory itself (every User and Group with its meta).
 * Two equal snapshots mean a request changed nothing.
 */
export async function orgSnapshot(client: ScimClient, orgId: string) {
  const db = getDb();
  const memberRows = await db
    .select({ userId: memberships.userId, role: memberships.role, status: memberships.status, source: memberships.source, updatedAt: memberships.updatedAt, email: users.email, name: users.name, userStatus: users.status, userUpdatedAt: users.updatedAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.orgId, orgId))
    .orderBy(asc(memberships.userId));
  const teamRows = await db.select().from(teams).where(eq(teams.orgId, orgId)).orderBy(asc(teams.id));
  const teamIds = teamRows.map((t) => t.id);
  const teamMemberRows = teamIds.length
    ? await db.select({ teamId: teamMembers.teamId, userId: teamMembers.userId }).from(teamMembers).where(inArray(teamMembers.teamId, teamIds)).orderBy(asc(teamMembers.teamId), asc(teamMembers.userId))
    : [];
  const usersReply = await client.get('/Users?startIndex=1&count=1000');
  const groupsReply = await client.get('/Groups?startIndex=1&count=1000');
  expectStatus(usersReply, 200);
  expectStatus(groupsReply, 200);
  const byId = (a: any, b: any) => String(a.id).localeCompare(String(b.id));
  return {
    memberships: memberRows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString(), userUpdatedAt: r.userUpdatedAt.toISOString() })),
    teams: teamRows.map((t) => ({ ...t, createdAt: t.createdAt.toISOString(), updatedAt: t.updatedAt.toISOString() })),
    teamMembers: teamMemberRows,
    scimUsers: [...usersReply.body.Resources].sort(byId),
    scimGroups: [...groupsReply.body.Resources].sort(byId),
  };
}

export function randomId() {
  return randomUUID();
}
