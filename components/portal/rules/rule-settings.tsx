'use client';

import { useId } from 'react';
import { SelectField } from '@/components/ui/field';
import { ROLE_LABELS } from '@/lib/roles/permissions';
import { DEFAULT_ROLES, type RuleDraft } from '@/lib/roles/rule-draft';

type Settings = Pick<RuleDraft, 'defaultRole' | 'requireMappedGroup'>;

/** The default role (never Owner) and the "require a mapped group" switch. */
export function RuleSettings({ defaultRole, requireMappedGroup, error, onChange }: Settings & { error?: string; onChange: (settings: Partial<Settings>) => void }) {
  const hintId = useId();
  return (
    <div className="space-y-4">
      <div>
        <SelectField label="Default role" value={defaultRole} onChange={(event) => onChange({ defaultRole: event.target.value as Settings['defaultRole'] })} className="sm:w-60">
          {DEFAULT_ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </SelectField>
        <p className="mt-1 text-xs text-slate-500">For people joining by SSO whose groups match no rule. Never Owner.</p>
        {error ? <p className="mt-1 text-sm text-red-700">{error}</p> : null}
      </div>
      <div className="flex items-start gap-3">
        <button
          type="button"
          role="switch"
          aria-checked={requireMappedGroup}
          aria-describedby={hintId}
          onClick={() => onChange({ requireMappedGroup: !requireMappedGroup })}
          className={`relative mt-0.5 inline-flex h-6 w-11 shrink-0 items-center rounded-full transition focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 focus-visible:ring-offset-2 ${requireMappedGroup ? 'bg-brand-600' : 'bg-slate-400'}`}
        >
          <span className="sr-only">Require a mapped group</span>
          <span aria-hidden="true" className={`inline-block h-5 w-5 rounded-full bg-white shadow transition ${requireMappedGroup ? 'translate-x-5' : 'translate-x-0.5'}`} />
        </button>
        <div>
          <p className="text-sm font-medium text-slate-700" aria-hidden="true">
            Require a mapped group
          </p>
          <p id={hintId} className="text-xs text-slate-500">
            When on, people in no group that has a rule cannot sign in by SSO, and members the rules apply to lose access (signed out, API keys disabled).
          </p>
        </div>
      </div>
    </div>
  );
}
