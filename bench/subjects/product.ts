import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { and, count, inArray, isNotNull, isNull } from 'drizzle-orm';
import { createSession } from '@/lib/auth/sessions';
import { getDb } from '@/lib/db/client';
import { apiKeys, projectMembers, sessions } from '@/lib/db/schema';
import { createApiKey } from '@/lib/gateway/api-keys';
import { createProject } from '@/lib/gateway/projects';
import { createOrganization } from '@/lib/orgs/organizations';
import { createScimToken } from '@/lib/scim/tokens';
import { startAppServer, type AppServer } from '@/lib/testing/app-server';

export const BENCH_DIST_DIR = '.next-bench';
const by = { actor: { type: 'system' as const, label: 'bench' } };

/** `next build` into .next-bench, as `npm run build` does (the benchmark measures the production build). */
export async function buildProduct(env: NodeJS.ProcessEnv): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn('npx', ['next', 'build'], { env: { ...env, NODE_ENV: 'production', NEXT_DIST_DIR: BENCH_DIST_DIR, NEXT_TELEMETRY_DISABLED: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code}):\n${output}`))));
  });
}

/** The production server (`npm start`'s path) on the bench database; the SCIM limiter raised out of the way. */
export async function startProduct(port: number, env: Record<string, string>, profileDir?: string | null): Promise<AppServer> {
  const flags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  return startAppServer('start', port, { ...env, NEXT_DIST_DIR: BENCH_DIST_DIR, SCIM_RATE_LIMIT_PER_MINUTE: '10000000' }, flags);
}

/** An enterprise org with a SCIM token, a project and an API key for the gateway scenario. */
export async function setUpProductOrg(ownerId: string) {
  const db = getDb();
  const org = await createOrganization(db, { name: 'Bench Inc', plan: 'enterprise', ownerUserId: ownerId }, by);
  const token = await createScimToken(db, { orgId: org.id, name: 'Okta' }, by);
  const project = await createProject(db, { orgId: org.id, name: 'Gateway', createdBy: ownerId }, by);
  const { secret: apiKey } = await createApiKey(db, { orgId: org.id, projectId: project.id, userId: ownerId, name: 'bench' }, by);
  return { org, scimToken: token.token, project, apiKey };
}

/** Before deactivation: each target gets a live session and an API key (what deactivation must kill). */
export async function giveSessionsAndKeys(orgId: string, projectId: string, scimIds: string[]) {
  const db = getDb();
  // A SCIM User's id is our user id (lib/scim/users/resource.ts).
  for (const userId of scimIds) {
    await createSession(db, { userId, method: 'sso', orgId, meta: { ip: '127.0.0.1', userAgent: 'bench' } });
    await db.insert(projectMembers).values({ projectId, userId }).onConflictDoNothing();
    await createApiKey(db, { orgId, projectId, userId, name: 'bench' }, by);
  }
}

/** After deactivation: how many of the targets still have a live session or an enabled key (must be 0). */
export async function survivingAccess(scimIds: string[]) {
  const db = getDb();
  const userIds = scimIds;
  const [{ live }] = await db.select({ live: count() }).from(sessions).where(and(inArray(sessions.userId, userIds), isNull(sessions.revokedAt)));
  const [{ enabled }] = await db.select({ enabled: count() }).from(apiKeys).where(and(inArray(apiKeys.userId, userIds), isNull(apiKeys.disabledAt)));
  const [{ disabled }] = await db.select({ disabled: count() }).from(apiKeys).where(and(inArray(apiKeys.userId, userIds), isNotNull(apiKeys.disabledAt)));
  return { liveSessions: live, enabledKeys: enabled, disabledKeys: disabled, users: userIds.length };
}

/** Peak resident memory (VmHWM) of the server's processes: boot.ts and the Next.js server it runs. */
export function peakRssMb(rootPid: number): number {
  const tree = [rootPid];
  for (let i = 0; i < tree.length; i++) {
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const ppid = Number(/^PPid:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1]);
        if (ppid === tree[i]) tree.push(Number(entry));
      } catch {
        // the process ended while we looked
      }
    }
  }
  let peak = 0;
  for (const pid of tree) {
    try {
      const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb);
    } catch {
      // gone
    }
  }
  return Math.round(peak / 1024);
}
