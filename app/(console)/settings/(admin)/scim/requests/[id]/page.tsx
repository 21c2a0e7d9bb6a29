import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { AdminRequired } from '@/components/console/admin-required';
import { SETTINGS_PERMISSION } from '@/components/console/settings-sections';
import { RequestDetail } from '@/components/portal/scim/request-detail';
import { canInCurrentOrg, requirePageContext } from '@/lib/auth/page-guard';
import { getDb } from '@/lib/db/client';
import { positiveIntegerParam } from '@/lib/db/keyset-page';
import { getScimRequest } from '@/lib/scim/request-log';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'SCIM request · LLM Gateway' };

export default async function ScimRequestPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePageContext();
  if (!ctx.org || !canInCurrentOrg(ctx, SETTINGS_PERMISSION)) return <AdminRequired ctx={ctx} />;
  const id = positiveIntegerParam((await params).id);
  // Another org's request is as unknown as a missing one.
  const request = id === undefined ? null : await getScimRequest(getDb(), ctx.org.id, id);
  if (!request) notFound();
  return <RequestDetail request={request} />;
}
