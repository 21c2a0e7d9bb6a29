import type { ReactNode } from 'react';
import { Button } from './button';
import { CopyButton } from './copy-button';

type ErrorStateProps = {
  title?: string;
  /** What happened, in words a person can act on. */
  message: ReactNode;
  /** Server error digest: shown as a reference to quote to support (it matches the server log). */
  reference?: string;
  /** Shows a "Try again" button. */
  onRetry?: () => void;
  /** Extra actions, e.g. a link back to the dashboard. */
  actions?: ReactNode;
  /** Heading level: h1 when it is the whole page, h2 inside a page. */
  headingLevel?: 1 | 2;
};

export function ErrorState({ title = 'Something went wrong', message, reference, onRetry, actions, headingLevel = 2 }: ErrorStateProps) {
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  return (
    <div className="rounded-lg border border-red-200 bg-white p-5 shadow-sm">
      <Heading className="text-lg font-semibold text-slate-900">{title}</Heading>
      <div className="mt-1 text-sm text-slate-600">{message}</div>
      {reference ? (
        <div className="mt-3 flex flex-wrap items-center gap-2 text-sm text-slate-600">
          <span>
            Reference: <code className="break-all rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-800">{reference}</code>
          </span>
          <CopyButton value={reference} label="error reference" />
        </div>
      ) : null}
      {onRetry || actions ? (
        <div className="mt-4 flex flex-wrap items-center gap-2">
          {onRetry ? <Button onClick={onRetry}>Try again</Button> : null}
          {actions}
        </div>
      ) : null}
    </div>
  );
}
