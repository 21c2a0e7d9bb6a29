import { SelectField } from '@/components/ui/field';
import { FilterForm, TimeRangeSelect } from '@/components/ui/filter-form';
import { SCIM_METHODS, SCIM_RESOURCES, STATUS_CLASSES, type ScimLogFilter } from '@/lib/scim/request-log-filter';

const STATUS_LABELS: Record<(typeof STATUS_CLASSES)[number], string> = { '2xx': '2xx (succeeded)', '4xx': '4xx (refused)', '5xx': '5xx (server error)' };
const RESOURCE_LABELS: Record<(typeof SCIM_RESOURCES)[number], string> = { Users: 'Users', Groups: 'Groups', other: 'Other (discovery, unknown paths)' };

/** One select per filter, "Any …" first. */
function Choice<T extends string>({ label, name, value, any, options }: { label: string; name: string; value?: T; any: string; options: readonly T[] | Record<T, string> }) {
  const entries: [T, string][] = Array.isArray(options) ? options.map((option) => [option, option]) : (Object.entries(options) as [T, string][]);
  return (
    <SelectField label={label} name={name} defaultValue={value ?? ''}>
      <option value="">{any}</option>
      {entries.map(([option, text]) => (
        <option key={option} value={option}>
          {text}
        </option>
      ))}
    </SelectField>
  );
}

export function RequestLogFilters({ filter, action }: { filter: ScimLogFilter; action: string }) {
  return (
    <FilterForm action={action} label="Filter the request log" active={Object.values(filter).some(Boolean)}>
      <Choice label="Status" name="status" value={filter.status} any="Any status" options={STATUS_LABELS} />
      <Choice label="Method" name="method" value={filter.method} any="Any method" options={SCIM_METHODS} />
      <Choice label="Resource" name="resource" value={filter.resource} any="Any resource" options={RESOURCE_LABELS} />
      <TimeRangeSelect value={filter.range} />
    </FilterForm>
  );
}
