import { DomainsPanel } from '@/components/portal/domains/domains-panel';
import { toDomainView } from '@/components/portal/domains/to-domain-view';
import { setupPortalAccess } from '@/components/portal/setup/setup-access';
import { SetupClosed } from '@/components/portal/setup/setup-closed';
import { SetupShell } from '@/components/portal/setup/setup-shell';
import { SetupSignedIn } from '@/components/portal/setup/setup-signed-in';
import { getDb } from '@/lib/db/client';
import { listDomains } from '@/lib/orgs/domains';

export const dynamic = 'force-dynamic';

export default async function SetupDomainsPage() {
  const access = await setupPortalAccess();
  if (access.kind === 'closed') return <SetupClosed />;
  if (access.kind === 'signed-in') return <SetupSignedIn email={access.email} />;
  const { ctx } = access;
  const domains = await listDomains(getDb(), ctx.org.id);
  return (
    <SetupShell ctx={ctx}>
      <div>
        <h1 className="text-2xl font-semibold">Domains</h1>
        <p className="mt-1 text-sm text-slate-600">Prove that {ctx.org.name} owns its email domains: people sign in with SSO only on verified domains.</p>
      </div>
      <DomainsPanel domains={domains.map(toDomainView)} />
    </SetupShell>
  );
}
