import type { Metadata } from 'next';
import { eq } from 'drizzle-orm';
import { AdminRequired } from '@/components/console/admin-required';
import { SETTINGS_PERMISSION } from '@/components/console/settings-sections';
import { RulesEditor } from '@/components/portal/rules/rules-editor';
import { canInCurrentOrg, requirePageContext } from '@/lib/auth/page-guard';
import { getDb } from '@/lib/db/client';
import { organizations } from '@/lib/db/schema';
import { listKnownGroups } from '@/lib/roles/member-groups';
import type { RuleDraft } from '@/lib/roles/rule-draft';
import { listRoleRules } from '@/lib/roles/rules';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Role rules · LLM Gateway' };

export default async function RoleRulesPage() {
  const ctx = await requirePageContext();
  if (!ctx.org || !canInCurrentOrg(ctx, SETTINGS_PERMISSION)) return <AdminRequired ctx={ctx} />;
  const db = getDb();
  const [org] = await db.select().from(organizations).where(eq(organizations.id, ctx.org.id));
  const [rules, knownGroups] = await Promise.all([listRoleRules(db, org.id), listKnownGroups(db, org.id)]);
  const saved: RuleDraft = {
    rules: rules.map((rule) => ({ id: rule.id, idpGroup: rule.idpGroup, role: rule.role })),
    // The database never holds Owner here (setDefaultRole refuses it); the draft's type says so.
    defaultRole: org.defaultRole === 'owner' ? 'admin' : org.defaultRole,
    requireMappedGroup: org.requireMappedGroup,
  };
  return (
    <>
      <div>
        <h1 className="text-2xl font-semibold">Role rules</h1>
        <p className="mt-1 text-sm text-slate-600">
          Map your identity provider’s groups to roles in {org.name}. When someone is in several mapped groups, the highest role wins; between equal roles, the rule listed first.
        </p>
      </div>
      {/* A fresh editor after each save: the draft starts from what is saved. */}
      <RulesEditor key={JSON.stringify(saved)} saved={saved} knownGroups={knownGroups} isOwner={ctx.org.role === 'owner'} />
    </>
  );
}
