import type { ReactNode } from 'react';
import { SETTINGS_SECTIONS } from '@/components/console/settings-sections';
import { SettingsShell } from '@/components/console/settings-shell';
import { canInCurrentOrg, requirePageContext } from '@/lib/auth/page-guard';

export const dynamic = 'force-dynamic';

export default async function SettingsLayout({ children }: { children: ReactNode }) {
  const ctx = await requirePageContext();
  const entries = SETTINGS_SECTIONS.filter((section) => canInCurrentOrg(ctx, section.permission)).map(({ href, label }) => ({ href, label }));
  return <SettingsShell entries={entries}>{children}</SettingsShell>;
}
