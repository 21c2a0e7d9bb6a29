import 'server-only';
import { redirect } from 'next/navigation';
import { hasPermission, type Permission } from '@/lib/roles/permissions';
import { getRequestContext, type RequestContext } from './context';

/** Server-component guard: signed-in (else to /login), and optionally a permission in the current org. */
export async function requirePageContext(): Promise<RequestContext> {
  const ctx = await getRequestContext();
  if (!ctx) redirect('/login');
  return ctx;
}

export function canInCurrentOrg(ctx: RequestContext, permission: Permission): boolean {
  return Boolean(ctx.org && hasPermission(ctx.org.role, permission));
}
