import { Link } from '@/components/ui/link';
import { AdminRequired } from '@/components/console/admin-required';
import { SETTINGS_PERMISSION, SETTINGS_SECTIONS } from '@/components/console/settings-sections';
import { canInCurrentOrg, requirePageContext } from '@/lib/auth/page-guard';

export const dynamic = 'force-dynamic';

export default async function SettingsOverviewPage() {
  const ctx = await requirePageContext();
  if (!ctx.org || !canInCurrentOrg(ctx, SETTINGS_PERMISSION)) return <AdminRequired ctx={ctx} />;
  const sections = SETTINGS_SECTIONS.filter((section) => canInCurrentOrg(ctx, section.permission));
  return (
    <>
      <div>
        <h1 className="text-2xl font-semibold">Settings</h1>
        <p className="mt-1 text-sm text-slate-600">How people sign in to {ctx.org.name}. Only owners and admins see these pages.</p>
      </div>
      <ul className="grid gap-4 sm:grid-cols-2">
        {sections.map((section) => (
          <li key={section.href}>
            <Link
              href={section.href}
              className="block h-full rounded-lg border border-slate-200 bg-white p-5 shadow-sm transition hover:border-brand-600 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
            >
              <span className="text-base font-semibold text-slate-900">{section.label}</span>
              <span className="mt-1 block text-sm text-slate-600">{section.description}</span>
            </Link>
          </li>
        ))}
      </ul>
    </>
  );
}
