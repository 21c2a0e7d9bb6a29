import type { ReactNode } from 'react';
import { TIME_RANGE_HOURS, TIME_RANGE_LABELS, type TimeRange } from '@/lib/list-filters';
import { Button } from './button';
import { SelectField } from './field';

/**
 * The filters of a long list as a plain GET form: they live in the URL, so a filtered view can be
 * bookmarked and shared, and it works before hydration. "Clear" appears once a filter is set.
 */
export function FilterForm({ action, label, active, children }: { action: string; label: string; active: boolean; children: ReactNode }) {
  return (
    <form method="get" action={action} aria-label={label} className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-[repeat(4,minmax(0,1fr))_auto] lg:items-end">
      {children}
      <div className="flex items-center gap-3">
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        {/* A full page load, like the form's own GET: a client-side navigation would keep the typed values in the fields. */}
        {active ? (
          <a href={action} className="text-sm font-medium text-brand-700 underline-offset-2 hover:underline">
            Clear
          </a>
        ) : null}
      </div>
    </form>
  );
}

/** "Time": any time or one of the console's ranges (lib/list-filters.ts). */
export function TimeRangeSelect({ value }: { value?: TimeRange }) {
  return (
    <SelectField label="Time" name="range" defaultValue={value ?? ''}>
      <option value="">Any time</option>
      {(Object.keys(TIME_RANGE_HOURS) as TimeRange[]).map((range) => (
        <option key={range} value={range}>
          {TIME_RANGE_LABELS[range]}
        </option>
      ))}
    </SelectField>
  );
}
