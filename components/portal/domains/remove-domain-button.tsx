'use client';

import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { useToast } from '@/components/ui/toast';
import { removeDomainAction } from '@/lib/orgs/domain-actions';

type RemoveDomainButtonProps = {
  domainId: string;
  domain: string;
  verified: boolean;
  /** The server's refusal (e.g. the last verified domain under SSO-only), or null when it went through. */
  onOutcome: (refusal: string | null) => void;
};

export function RemoveDomainButton({ domainId, domain, verified, onOutcome }: RemoveDomainButtonProps) {
  const router = useRouter();
  const toast = useToast();

  async function remove() {
    const result = await removeDomainAction({ domainId }).catch(() => ({ ok: false as const, error: 'Could not reach the server. Check your connection and try again.' }));
    onOutcome(result.ok ? null : result.error);
    if (!result.ok) return;
    toast.success(`${domain} removed.`);
    router.refresh();
  }

  return (
    <ConfirmDialog
      title={`Remove ${domain}?`}
      description={
        verified
          ? `People with addresses on ${domain} can no longer sign in with SSO, and SSO-only stops covering them. To use it again you would add and verify it anew.`
          : 'Its pending verification is dropped. You can add it again later; it will get a new TXT value.'
      }
      confirmLabel={`Remove ${domain}`}
      onConfirm={remove}
      trigger={(open) => (
        <Button variant="danger" onClick={open}>
          Remove<span className="sr-only"> {domain}</span>
        </Button>
      )}
    />
  );
}
