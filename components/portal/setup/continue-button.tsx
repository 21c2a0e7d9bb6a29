'use client';

import { useRouter } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { useAction } from '@/components/ui/use-action';
import { openSetupLinkAction } from '@/lib/orgs/setup-link-actions';

/** Opens the link in this browser (an HttpOnly cookie); only this POST does, never the GET of the link. */
export function ContinueButton({ token }: { token: string }) {
  const router = useRouter();
  const open = useAction(openSetupLinkAction);

  async function onContinue() {
    if (await open.run({ token })) router.replace('/setup');
  }

  return (
    <div className="space-y-3">
      <Button type="button" onClick={onContinue} disabled={open.pending} aria-busy={open.pending || undefined} className="w-full">
        {open.pending ? 'Opening…' : 'Continue'}
      </Button>
      {open.error ? <Alert tone="error">{open.error}</Alert> : null}
    </div>
  );
}
