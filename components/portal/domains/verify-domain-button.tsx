'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import { verifyDomainAction } from '@/lib/orgs/domain-actions';

function Spinner() {
  return (
    <svg aria-hidden="true" viewBox="0 0 24 24" className="h-4 w-4 animate-spin motion-reduce:animate-none" fill="none">
      <circle cx="12" cy="12" r="9" stroke="currentColor" strokeOpacity="0.3" strokeWidth="3" />
      <path d="M21 12a9 9 0 0 0-9-9" stroke="currentColor" strokeWidth="3" strokeLinecap="round" />
    </svg>
  );
}

/** "Verify now": asks DNS for the TXT record; the outcome is a toast, and the row shows it after the refresh. */
export function VerifyDomainButton({ domainId, domain }: { domainId: string; domain: string }) {
  const router = useRouter();
  const toast = useToast();
  const [checking, setChecking] = useState(false);

  async function onVerify() {
    if (checking) return;
    setChecking(true);
    try {
      const result = await verifyDomainAction({ domainId });
      if (result.ok) toast.success(`${domain} is verified.`);
      else toast.error(result.error);
    } catch {
      toast.error('Could not reach the server. Check your connection and try again.');
    } finally {
      setChecking(false);
      router.refresh();
    }
  }

  // aria-disabled, not disabled: the button keeps keyboard focus while the check runs.
  return (
    <Button type="button" onClick={onVerify} aria-disabled={checking || undefined} aria-busy={checking || undefined} className={checking ? 'cursor-progress opacity-80' : ''}>
      {checking ? (
        <>
          <Spinner />
          Checking DNS…
        </>
      ) : (
        <>
          Verify now<span className="sr-only"> {domain}</span>
        </>
      )}
    </Button>
  );
}
