import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AdminRequired } from '@/components/console/admin-required';
import { SETTINGS_PERMISSION } from '@/components/console/settings-sections';
import { ConnectionTestResult } from '@/components/portal/sso/connection-test-result';
import { canInCurrentOrg, requirePageContext } from '@/lib/auth/page-guard';
import { getDb } from '@/lib/db/client';
import { loadConnectionTest } from '@/lib/sso/portal-views';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Connection test · LLM Gateway' };

/** Where a connection test started in the console ends (lib/sso/connection-tests.ts connectionTestPath). */
export default async function ConnectionTestPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePageContext();
  if (!ctx.org || !canInCurrentOrg(ctx, SETTINGS_PERMISSION)) return <AdminRequired ctx={ctx} />;
  const test = await loadConnectionTest(getDb(), ctx.org.id, (await params).id);
  if (!test) notFound();
  return <ConnectionTestResult test={test} backHref="/settings/sso" />;
}
