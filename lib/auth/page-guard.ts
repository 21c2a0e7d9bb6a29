import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { loginPathFor, REQUEST_PATH_HEADER } from '@/lib/http/request-path';
import { hasPermission, type Permission } from '@/lib/roles/permissions';
import { getRequestContext, type RequestContext } from './context';

/** Server-component guard: signed-in (else to /login, then back to this page), and optionally a permission in the current org. */
export async function requirePageContext(): Promise<RequestContext> {
  const ctx = await getRequestContext();
  if (!ctx) redirect(loginPathFor((await headers()).get(REQUEST_PATH_HEADER)));
  return ctx;
}

export function canInCurrentOrg(ctx: RequestContext, permission: Permission): boolean {
  return Boolean(ctx.org && hasPermission(ctx.org.role, permission));
}
