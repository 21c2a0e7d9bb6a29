'use client';

import { useRouter } from 'next/navigation';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { useAction } from '@/components/ui/use-action';
import { acceptInviteAction } from '@/lib/orgs/actions';

export function AcceptInviteButton({ token, orgName }: { token: string; orgName: string }) {
  const router = useRouter();
  const { run, pending, error } = useAction(acceptInviteAction);
  return (
    <div className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Button
        className="w-full"
        disabled={pending}
        onClick={async () => {
          if (await run({ token })) router.push('/dashboard');
        }}
      >
        Accept and join {orgName}
      </Button>
    </div>
  );
}
