import type { Metadata } from 'next';
import { AdminRequired } from '@/components/console/admin-required';
import { SETTINGS_PERMISSION } from '@/components/console/settings-sections';
import { DomainsPanel } from '@/components/portal/domains/domains-panel';
import { toDomainView } from '@/components/portal/domains/to-domain-view';
import { canInCurrentOrg, requirePageContext } from '@/lib/auth/page-guard';
import { getDb } from '@/lib/db/client';
import { listDomains } from '@/lib/orgs/domains';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Domains · LLM Gateway' };

export default async function DomainsPage() {
  const ctx = await requirePageContext();
  if (!ctx.org || !canInCurrentOrg(ctx, SETTINGS_PERMISSION)) return <AdminRequired ctx={ctx} />;
  const domains = await listDomains(getDb(), ctx.org.id);
  return (
    <>
      <div>
        <h1 className="text-2xl font-semibold">Domains</h1>
        <p className="mt-1 text-sm text-slate-600">Prove that {ctx.org.name} owns its email domains. A domain verified by one organization cannot be claimed by another.</p>
      </div>
      <DomainsPanel domains={domains.map(toDomainView)} />
    </>
  );
}
