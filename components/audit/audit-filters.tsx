import { Field } from '@/components/ui/field';
import { FilterForm, TimeRangeSelect } from '@/components/ui/filter-form';
import type { AuditFilter } from '@/lib/audit/queries';
import { DESCRIBED_ACTIONS } from '@/lib/audit/sentences';

/** Suggestions for the action box: each family ("member.") and each action. */
const ACTION_SUGGESTIONS = [...new Set(DESCRIBED_ACTIONS.map((action) => `${action.split('.')[0]}.`)), ...DESCRIBED_ACTIONS];

export function AuditFilters({ filter }: { filter: AuditFilter }) {
  return (
    <FilterForm action="/audit" label="Filter the audit log" active={Object.values(filter).some(Boolean)}>
      <Field label="Action" name="action" defaultValue={filter.action} placeholder="e.g. member. or scim_token.rotated" list="audit-actions" autoComplete="off" />
      <datalist id="audit-actions">
        {ACTION_SUGGESTIONS.map((action) => (
          <option key={action} value={action} />
        ))}
      </datalist>
      <Field label="Actor" name="actor" defaultValue={filter.actor} placeholder="email, name or token" autoComplete="off" />
      <Field label="Target" name="target" defaultValue={filter.target} placeholder="email, domain, token…" autoComplete="off" />
      <TimeRangeSelect value={filter.range} />
    </FilterForm>
  );
}
