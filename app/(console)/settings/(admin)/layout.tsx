import type { ReactNode } from 'react';
import { AdminRequired } from '@/components/console/admin-required';
import { SETTINGS_PERMISSION } from '@/components/console/settings-sections';
import { canInCurrentOrg, requirePageContext } from '@/lib/auth/page-guard';

export const dynamic = 'force-dynamic';

/**
 * Gate of the organization settings pages. Next renders a page alongside its layouts, so each
 * page under here must check the permission itself too (same two lines); this layout makes
 * sure no page is ever shown without it.
 */
export default async function AdminSettingsLayout({ children }: { children: ReactNode }) {
  const ctx = await requirePageContext();
  if (!canInCurrentOrg(ctx, SETTINGS_PERMISSION)) return <AdminRequired ctx={ctx} />;
  return <>{children}</>;
}
