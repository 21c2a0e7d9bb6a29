type LoadingStateProps = {
  /** Announced to screen readers and shown next to the spinner, e.g. "Loading members…". */
  label?: string;
  /** `skeleton`: grey placeholder lines for a page or card; `spinner`: a compact inline indicator. */
  variant?: 'spinner' | 'skeleton';
  /** Placeholder lines of the skeleton. */
  lines?: number;
};

export function LoadingState({ label = 'Loading…', variant = 'spinner', lines = 4 }: LoadingStateProps) {
  if (variant === 'skeleton') {
    return (
      <div role="status" className="space-y-3">
        <span className="sr-only">{label}</span>
        <div aria-hidden="true" className="h-7 w-48 animate-pulse rounded bg-slate-200 motion-reduce:animate-none" />
        <div aria-hidden="true" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
          {Array.from({ length: lines }, (_, i) => (
            <div key={i} className={`h-4 animate-pulse rounded bg-slate-100 motion-reduce:animate-none ${i % 3 === 2 ? 'w-2/3' : 'w-full'}`} />
          ))}
        </div>
      </div>
    );
  }
  return (
    <div role="status" className="flex items-center gap-2 text-sm text-slate-600">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-4 w-4 animate-spin text-brand-600 motion-reduce:animate-none" fill="none">
        <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.25" strokeWidth="3" />
        <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
      </svg>
      <span>{label}</span>
    </div>
  );
}
