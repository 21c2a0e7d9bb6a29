import { ApiKeysPanel } from '@/components/console/api-keys-panel';
import { CreateProjectForm } from '@/components/console/create-project-form';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { canInCurrentOrg, requirePageContext } from '@/lib/auth/page-guard';
import { getDb } from '@/lib/db/client';
import { listUserApiKeys } from '@/lib/gateway/api-keys';
import { listUserProjects } from '@/lib/gateway/projects';
import { ROLE_LABELS } from '@/lib/roles/permissions';

export const dynamic = 'force-dynamic';

export default async function DashboardPage() {
  const ctx = await requirePageContext();
  if (!ctx.org) {
    return <Alert tone="info">You are not an active member of any organization yet. Ask an admin for an invite.</Alert>;
  }
  const db = getDb();
  const [projects, keys] = await Promise.all([listUserProjects(db, ctx.org.id, ctx.user.id), listUserApiKeys(db, ctx.org.id, ctx.user.id)]);
  const canCreate = canInCurrentOrg(ctx, 'projects:create');
  return (
    <>
      <div>
        <h1 className="text-2xl font-semibold">{ctx.org.name}</h1>
        <p className="mt-1 text-sm text-slate-600">
          Signed in as {ctx.user.name || ctx.user.email}. Your role: <strong data-testid="current-role">{ROLE_LABELS[ctx.org.role]}</strong>
        </p>
      </div>
      <Card title="Projects" description="Projects you belong to in this organization." actions={canCreate ? <CreateProjectForm /> : null}>
        {projects.length === 0 ? (
          <EmptyState title="No projects yet." description={canCreate ? 'Create one to get API keys for it.' : 'An admin can add you to a project.'} />
        ) : (
          <ul className="divide-y divide-slate-100" aria-label="Your projects">
            {projects.map((project) => (
              <li key={project.id} className="py-2 text-sm">
                {project.name}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <ApiKeysPanel
        canCreate={canInCurrentOrg(ctx, 'apikeys:manage-own')}
        projects={projects.map((p) => ({ id: p.id, name: p.name }))}
        keys={keys.map((k) => ({ ...k, createdAt: k.createdAt.toISOString(), lastUsedAt: k.lastUsedAt?.toISOString() ?? null, disabledAt: k.disabledAt?.toISOString() ?? null }))}
      />
    </>
  );
}
