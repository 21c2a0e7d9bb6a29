import type { Role } from '@/lib/db/schema';

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const satisfies readonly Role[];

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

/** SPEC §6: the lowest role allowed to perform each action. */
const MINIMUM_ROLE = {
  'org:manage-plan': 'owner',
  'org:delete': 'owner',
  'org:manage-owners': 'owner',
  'sso:manage': 'admin',
  'members:manage': 'admin',
  'audit:read': 'admin',
  'projects:create': 'member',
  'apikeys:manage-own': 'member',
  'projects:read': 'viewer',
  'account:manage-own': 'viewer',
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof MINIMUM_ROLE;

export function roleRank(role: Role): number {
  return RANK[role];
}

export function hasPermission(role: Role, permission: Permission): boolean {
  return RANK[role] >= RANK[MINIMUM_ROLE[permission]];
}

export function minimumRoleFor(permission: Permission): Role {
  return MINIMUM_ROLE[permission];
}

/** Highest of several roles (used when several group rules match). */
export function highestRole(roles: Role[]): Role | undefined {
  return roles.reduce<Role | undefined>((best, role) => (!best || RANK[role] > RANK[best] ? role : best), undefined);
}

export const ROLE_LABELS: Record<Role, string> = { owner: 'Owner', admin: 'Admin', member: 'Member', viewer: 'Viewer' };
