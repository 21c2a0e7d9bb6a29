import type { Permission } from '@/lib/roles/permissions';

export type SettingsSection = { href: string; label: string; description: string; permission: Permission };

/**
 * The organization settings area (/settings, owners and admins): one line per page. The
 * secondary navigation, the overview and the console's "Settings" link are all built from it.
 * Pages live under app/(console)/settings/(admin)/, whose layout refuses other roles.
 */
export const SETTINGS_SECTIONS: SettingsSection[] = [
  { href: '/settings/sso', label: 'SSO connections', description: 'Let your people sign in with your identity provider over SAML 2.0 or OIDC.', permission: 'sso:manage' },
  { href: '/settings/domains', label: 'Domains', description: 'Prove that your company owns its email domains with a DNS TXT record.', permission: 'sso:manage' },
  { href: '/settings/rules', label: 'Role rules', description: 'Map your IdP groups to roles, try them in the simulator, and see who changes before you save.', permission: 'sso:manage' },
  { href: '/settings/security', label: 'Security', description: 'SSO-only sign-in, break-glass accounts, session lifetime and recent SSO sign-in attempts.', permission: 'sso:manage' },
  { href: '/settings/scim', label: 'SCIM', description: 'Let your IdP create, update and remove accounts: tokens, setup notes and the request log.', permission: 'sso:manage' },
  { href: '/settings/setup-links', label: 'IT admin setup', description: 'Send your IT admin a time-limited link to set up SSO and domains without an account.', permission: 'sso:manage' },
];

/** The permission that opens the settings area at all (its layout's gate). */
export const SETTINGS_PERMISSION: Permission = 'sso:manage';
