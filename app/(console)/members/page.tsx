import { InviteMemberForm } from '@/components/console/invite-member-form';
import { MembersTable } from '@/components/console/members-table';
import { Alert } from '@/components/ui/alert';
import { Card } from '@/components/ui/card';
import { canInCurrentOrg, requirePageContext } from '@/lib/auth/page-guard';
import { getDb } from '@/lib/db/client';
import { listMembers } from '@/lib/orgs/members';

export const dynamic = 'force-dynamic';

export default async function MembersPage() {
  const ctx = await requirePageContext();
  if (!ctx.org || !canInCurrentOrg(ctx, 'members:manage')) {
    return <Alert tone="error">Only owners and admins can manage members.</Alert>;
  }
  const members = await listMembers(getDb(), ctx.org.id);
  return (
    <>
      <h1 className="text-2xl font-semibold">Members</h1>
      <Card title="Invite a member" description="They get an email with a link that expires in 7 days.">
        <InviteMemberForm canInviteOwner={ctx.org.role === 'owner'} />
      </Card>
      <Card title={`${members.length} member${members.length === 1 ? '' : 's'}`}>
        <MembersTable
          actorRole={ctx.org.role}
          selfId={ctx.user.id}
          members={members.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() }))}
        />
      </Card>
    </>
  );
}
