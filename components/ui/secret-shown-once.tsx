'use client';

import { useEffect, useRef, type ReactNode } from 'react';
import { Alert } from './alert';
import { CopyButton } from './copy-button';

type SecretShownOnceProps = {
  /** What was created, e.g. "SCIM token <strong>Okta</strong> created. Copy it into your IdP now:" */
  children: ReactNode;
  /** The secret itself. */
  value: string;
  /** Names the copy button for screen readers: "Copy <copyLabel>". */
  copyLabel: string;
  testId?: string;
  /** Move focus to the secret when it appears (after a dialog or a form submit). */
  focusOnShow?: boolean;
};

/** A secret the server returns once (API key, SCIM token, setup link): shown with a copy button and the warning. */
export function SecretShownOnce({ children, value, copyLabel, testId, focusOnShow = false }: SecretShownOnceProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (focusOnShow) ref.current?.focus();
  }, [focusOnShow, value]);
  return (
    <div ref={ref} tabIndex={focusOnShow ? -1 : undefined} className="space-y-2 focus:outline-none">
      <Alert tone="success">
        <p>
          {children} <strong>We will not show it again.</strong>
        </p>
        <code data-testid={testId} className="mt-2 block rounded bg-white px-2 py-1 font-mono text-xs break-all select-all">
          {value}
        </code>
      </Alert>
      {/* Outside the status box: its live region is atomic, and would read the secret aloud again. */}
      <CopyButton value={value} label={copyLabel} />
    </div>
  );
}
