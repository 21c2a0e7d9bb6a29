import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { auditBy, recordAudit, type AuditContext } from '@/lib/audit/record';
import type { Executor } from '@/lib/db/client';
import { projectMembers, projects } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';

export const projectNameSchema = z.string().trim().min(1, 'Enter a project name').max(80, 'Project name must be at most 80 characters');

/** Creates a project in the org; its creator is its first member. */
export async function createProject(db: Executor, input: { orgId: string; name: string; createdBy: string }, by: AuditContext) {
  return db.transaction(async (tx) => {
    const [project] = await tx.insert(projects).values(input).returning();
    await tx.insert(projectMembers).values({ projectId: project.id, userId: input.createdBy });
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'project.created', target: { type: 'project', id: project.id, label: project.name } }));
    return project;
  });
}

export async function listUserProjects(db: Executor, orgId: string, userId: string) {
  return db
    .select({ id: projects.id, name: projects.name, createdAt: projects.createdAt })
    .from(projects)
    .innerJoin(projectMembers, eq(projectMembers.projectId, projects.id))
    .where(and(eq(projects.orgId, orgId), eq(projectMembers.userId, userId)))
    .orderBy(asc(projects.name));
}

/** The project, provided the user belongs to it in this org; otherwise a not-found error. */
export async function getMemberProject(db: Executor, orgId: string, projectId: string, userId: string) {
  const [row] = await db
    .select({ id: projects.id, name: projects.name, orgId: projects.orgId })
    .from(projects)
    .innerJoin(projectMembers, and(eq(projectMembers.projectId, projects.id), eq(projectMembers.userId, userId)))
    .where(and(eq(projects.id, projectId), eq(projects.orgId, orgId)));
  if (!row) throw new UserFacingError('Project not found, or you are not a member of it');
  return row;
}
