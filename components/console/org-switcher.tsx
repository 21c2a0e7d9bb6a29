'use client';

import { useRouter } from 'next/navigation';
import { useAction } from '@/components/ui/use-action';
import { switchOrgAction } from '@/lib/orgs/actions';

export function OrgSwitcher({ current, orgs }: { current: string; orgs: { id: string; name: string }[] }) {
  const router = useRouter();
  const { run, pending, error } = useAction(switchOrgAction);
  return (
    <div className="flex items-center gap-2">
      <label htmlFor="org-switcher" className="sr-only">
        Organization
      </label>
      <select
        id="org-switcher"
        value={current}
        disabled={pending || orgs.length < 2}
        onChange={async (event) => {
          if (await run({ orgId: event.target.value })) router.refresh();
        }}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm font-medium"
      >
        {orgs.map((org) => (
          <option key={org.id} value={org.id}>
            {org.name}
          </option>
        ))}
      </select>
      {error ? <span role="alert" className="text-xs text-red-700">{error}</span> : null}
    </div>
  );
}
