'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { leaveSetupLinkAction } from '@/lib/orgs/setup-link-actions';

/** Forgets the setup link in this browser (the link itself keeps working until it expires or is revoked). */
export function LeaveButton() {
  const router = useRouter();
  const [leaving, setLeaving] = useState(false);
  const [failed, setFailed] = useState(false);

  async function onLeave() {
    setLeaving(true);
    setFailed(false);
    const result = await leaveSetupLinkAction().catch(() => null);
    if (result?.ok) {
      router.replace('/setup?left=1');
      router.refresh();
      return;
    }
    setLeaving(false);
    setFailed(true);
  }

  return (
    <span className="inline-flex items-center gap-2">
      <Button type="button" variant="secondary" onClick={onLeave} disabled={leaving}>
        {leaving ? 'Leaving…' : 'Leave'}
      </Button>
      {failed ? (
        <span role="alert" className="text-xs text-red-700">
          Could not reach the server; try again.
        </span>
      ) : null}
    </span>
  );
}
