'use client';

import { RouteError } from '@/components/ui/route-error';
import { StandalonePage } from '@/components/ui/standalone-page';

export default function ErrorPage({ error, retry }: { error: unknown; retry: () => void }) {
  return (
    <StandalonePage>
      <RouteError error={error} retry={retry} />
    </StandalonePage>
  );
}
