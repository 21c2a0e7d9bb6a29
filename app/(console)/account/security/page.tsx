import { PasskeysPanel } from '@/components/console/passkeys-panel';
import { listPasskeys } from '@/lib/auth/passkeys';
import { requirePageContext } from '@/lib/auth/page-guard';
import { getDb } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

export default async function SecurityPage() {
  const ctx = await requirePageContext();
  const passkeys = await listPasskeys(getDb(), ctx.user.id);
  return (
    <>
      <h1 className="text-2xl font-semibold">Account security</h1>
      <PasskeysPanel
        passkeys={passkeys.map((p) => ({ id: p.id, name: p.name, createdAt: p.createdAt.toISOString(), lastUsedAt: p.lastUsedAt?.toISOString() ?? null, active: !p.deactivatedAt, synced: p.backedUp }))}
      />
    </>
  );
}
