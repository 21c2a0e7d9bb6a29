import { AdminRequired } from '@/components/console/admin-required';
import { InviteMemberForm } from '@/components/console/invite-member-form';
import { MembersPager } from '@/components/console/members-pager';
import { MembersTable } from '@/components/console/members-table';
import { PendingInvites } from '@/components/console/pending-invites';
import { Button } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { canInCurrentOrg, requirePageContext } from '@/lib/auth/page-guard';
import { getDb } from '@/lib/db/client';
import { listMembersPage, readMemberQuery } from '@/lib/orgs/member-directory';
import { listPendingInvites } from '@/lib/orgs/pending-invites';

export const dynamic = 'force-dynamic';

export default async function MembersPage({ searchParams }: { searchParams: Promise<{ q?: string | string[]; page?: string | string[] }> }) {
  const ctx = await requirePageContext();
  if (!ctx.org || !canInCurrentOrg(ctx, 'members:manage')) {
    return <AdminRequired ctx={ctx} managed="Members and their roles are managed by owners and admins." />;
  }
  const query = readMemberQuery(await searchParams);
  const db = getDb();
  const [members, invites] = await Promise.all([listMembersPage(db, ctx.org.id, query), listPendingInvites(db, ctx.org.id)]);
  const now = Date.now();
  return (
    <>
      <h1 className="text-2xl font-semibold">Members</h1>
      <Card title="Invite a member" description="They get an email with a link that expires in 7 days.">
        <InviteMemberForm canInviteOwner={ctx.org.role === 'owner'} />
      </Card>
      <Card title={`${members.total} member${members.total === 1 ? '' : 's'}${query.q ? ` matching “${query.q}”` : ''}`}>
        <form method="get" action="/members" role="search" aria-label="Members" className="mb-4 flex flex-col gap-2 sm:flex-row sm:items-end">
          <div className="w-full sm:max-w-sm">
            <label htmlFor="member-search" className="block text-sm font-medium text-slate-700">
              Search by name or email
            </label>
            <input
              id="member-search"
              name="q"
              type="search"
              defaultValue={query.q}
              className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600"
            />
          </div>
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </form>
        <MembersTable
          actorRole={ctx.org.role}
          selfId={ctx.user.id}
          searched={query.q !== ''}
          members={members.rows.map((m) => ({ ...m, lastSignInAt: m.lastSignInAt?.toISOString() ?? null }))}
        />
        <MembersPager q={query.q} page={members.page} pageCount={members.pageCount} />
      </Card>
      <Card title="Pending invites" description="Invites not accepted yet. Resending sends a new link; the old one stops working.">
        <PendingInvites invites={invites.map((i) => ({ id: i.id, email: i.email, role: i.role, expiresAt: i.expiresAt.toISOString(), expired: i.expiresAt.getTime() < now }))} />
      </Card>
    </>
  );
}
