import { SsoComplete } from '@/components/auth/sso-complete';

export const dynamic = 'force-dynamic';

export default async function SsoCompletePage({ searchParams }: { searchParams: Promise<{ ticket?: string }> }) {
  const { ticket } = await searchParams;
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold">Single sign-on</h1>
      <SsoComplete ticket={typeof ticket === 'string' ? ticket : ''} />
    </div>
  );
}
