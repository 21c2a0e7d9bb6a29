import { notFound } from 'next/navigation';
import { AdminRequired } from '@/components/console/admin-required';
import { SETTINGS_PERMISSION } from '@/components/console/settings-sections';
import { canInCurrentOrg, requirePageContext } from '@/lib/auth/page-guard';

export const dynamic = 'force-dynamic';

/**
 * Any /settings/… address without its own page: members and viewers get the refusal (it does
 * not reveal which settings pages exist), owners and admins the 404.
 */
export default async function UnknownSettingsPage() {
  const ctx = await requirePageContext();
  if (!canInCurrentOrg(ctx, SETTINGS_PERMISSION)) return <AdminRequired ctx={ctx} />;
  notFound();
}
