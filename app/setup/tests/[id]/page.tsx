import { setupPortalAccess } from '@/components/portal/setup/setup-access';
import { SetupClosed } from '@/components/portal/setup/setup-closed';
import { SetupShell } from '@/components/portal/setup/setup-shell';
import { SetupSignedIn } from '@/components/portal/setup/setup-signed-in';
import { ConnectionTestResult } from '@/components/portal/sso/connection-test-result';
import { ErrorState } from '@/components/ui/error-state';
import { getDb } from '@/lib/db/client';
import { loadConnectionTest } from '@/lib/sso/portal-views';

export const dynamic = 'force-dynamic';

/** Where a connection test started through a setup link ends (lib/sso/connection-tests.ts connectionTestPath). */
export default async function SetupConnectionTestPage({ params }: { params: Promise<{ id: string }> }) {
  const access = await setupPortalAccess();
  if (access.kind === 'closed') return <SetupClosed />;
  if (access.kind === 'signed-in') return <SetupSignedIn email={access.email} />;
  const { ctx } = access;
  const test = await loadConnectionTest(getDb(), ctx.org.id, (await params).id);
  return (
    <SetupShell ctx={ctx}>
      {test ? (
        <ConnectionTestResult test={test} backHref="/setup" />
      ) : (
        <ErrorState headingLevel={1} title="Test result not found" message={`${ctx.org.name} has no connection test with this address. Run the test again from the SSO connections page.`} />
      )}
    </SetupShell>
  );
}
