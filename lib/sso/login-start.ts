import type { AuditActor } from '@/lib/audit/record';

/** How a login starts: bound to the starting browser (./browser-binding), and for a connection test, who is testing. */
export type LoginStart = { bindingHash: string; test?: AuditActor };

/** The columns of the pending login (sso_login_requests) that say what kind of login it is. */
export function loginStartColumns(start: LoginStart) {
  return { bindingHash: start.bindingHash, purpose: start.test ? ('test' as const) : ('login' as const), requestedBy: start.test ?? null };
}
