import type { Metadata } from 'next';
import { SetupClosed } from '@/components/portal/setup/setup-closed';
import { SetupInvitation } from '@/components/portal/setup/setup-invitation';
import { getDb } from '@/lib/db/client';
import { findLiveSetupLink } from '@/lib/orgs/setup-links';

export const dynamic = 'force-dynamic';
// The token is in this page's address: no Referer carries it anywhere.
export const metadata: Metadata = { referrer: 'no-referrer' };

/** What the link in the email opens. Reading it changes nothing; "Continue" opens the portal. */
export default async function SetupLinkPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const found = await findLiveSetupLink(getDb(), token);
  if (!found) return <SetupClosed />;
  return <SetupInvitation token={token} orgName={found.org.name} label={found.link.label} expiresAt={found.link.expiresAt.toISOString()} />;
}
