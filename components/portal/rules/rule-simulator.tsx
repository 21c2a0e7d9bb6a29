'use client';

import { useState } from 'react';
import { Field } from '@/components/ui/field';
import type { MemberRoleDecision } from '@/lib/roles/decide-member-role';
import { ROLE_LABELS } from '@/lib/roles/permissions';
import { simulateRole, type RuleDraft } from '@/lib/roles/rule-draft';

function describe(decision: MemberRoleDecision, draft: RuleDraft): { headline: string; why: string } {
  const { decidedBy } = decision;
  if (decision.access === 'denied') return { headline: 'Access denied: no mapped group', why: 'None of these groups has a rule, and a mapped group is required.' };
  const role = ROLE_LABELS[decision.role!];
  if (decidedBy.kind === 'rule') {
    const position = draft.rules.findIndex((rule) => rule.idpGroup.trim().toLowerCase() === decidedBy.group.toLowerCase()) + 1;
    return { headline: role, why: `Decided by rule ${position}: ${decidedBy.group} → ${role}.` };
  }
  return { headline: role, why: 'Default role: none of these groups has a rule.' };
}

/** Which role someone in these groups gets under the draft, from the same decision SSO and SCIM use. */
export function RuleSimulator({ draft, knownGroups }: { draft: RuleDraft; knownGroups: string[] }) {
  const [typed, setTyped] = useState('');
  const [picked, setPicked] = useState<string[]>([]);
  const groups = [...new Set([...typed.split(','), ...picked].map((g) => g.trim()).filter(Boolean))];
  const result = groups.length > 0 ? describe(simulateRole(draft, groups), draft) : null;
  const suggestions = knownGroups.slice(0, 12);

  return (
    <div className="space-y-3">
      <Field label="Groups to try" value={typed} onChange={(event) => setTyped(event.target.value)} placeholder="engineering, finance" autoComplete="off" spellCheck={false} hint="Separate groups with commas." className="sm:max-w-md" />
      {suggestions.length > 0 ? (
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Or pick groups seen recently</legend>
          <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
            {suggestions.map((group) => (
              <label key={group} className="flex items-center gap-1.5 text-sm break-all text-slate-700">
                <input type="checkbox" checked={picked.includes(group)} onChange={(event) => setPicked(event.target.checked ? [...picked, group] : picked.filter((g) => g !== group))} />
                {group}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <div role="status" aria-live="polite" aria-label="Simulator result" className="rounded-md border border-slate-200 bg-slate-50 px-3 py-2 text-sm">
        {result ? (
          <>
            <p className="font-semibold text-slate-900" data-testid="simulated-role">
              {result.headline}
            </p>
            <p className="text-slate-600">{result.why}</p>
          </>
        ) : (
          <p className="text-slate-600">Type or pick groups to see the role a new member in them would get with the rules above.</p>
        )}
      </div>
    </div>
  );
}
