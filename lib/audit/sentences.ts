import type { Role } from '@/lib/db/schema';
import { ROLE_LABELS, ROLES } from '@/lib/roles/permissions';
import type { AuditActor } from './record';

/*
 * One plain-English sentence per audit event, for the audit log page. Every action string the
 * code records has an entry (sentences.test.ts checks it against `git grep`); anything else,
 * e.g. from an older version, falls back to a generic sentence. The raw event stays one click
 * away on the page, so a sentence may leave details out but never says something untrue.
 */

export type DescribableEvent = {
  action: string;
  actorType: AuditActor['type'];
  actorLabel: string | null;
  actorId: string | null;
  targetType: string | null;
  targetId: string | null;
  targetLabel: string | null;
  before: unknown;
  after: unknown;
  metadata: unknown;
};

type Fields = Record<string, unknown>;

const METHOD_WORDS: Record<string, string> = { sso: 'SSO', password: 'a password', passkey: 'a passkey', break_glass: 'a break-glass password', magic_link: 'an email link' };

const fields = (value: unknown): Fields => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Fields) : {});
const text = (value: unknown): string | undefined => (typeof value === 'string' && value.length > 0 ? value : typeof value === 'number' ? String(value) : undefined);
const role = (value: unknown) => (ROLES as readonly unknown[]).includes(value) ? ROLE_LABELS[value as Role] : (text(value) ?? 'unknown');
const onOff = (value: unknown) => (value === true ? 'on' : 'off');

/** Who did it, in words: "alice@acme.test", "SCIM token Okta", "the system". */
export function actorWords(event: Pick<DescribableEvent, 'actorType' | 'actorLabel' | 'actorId'>): string {
  const label = event.actorLabel ?? event.actorId;
  switch (event.actorType) {
    case 'scim':
      return label ? `SCIM token ${label}` : 'a SCIM token';
    case 'idp':
      return label ? `the identity provider (${label})` : 'the identity provider';
    case 'setup_link':
      return label ? `setup link holder ${label}` : 'a setup link holder';
    case 'cli':
      return label ? `${label} (CLI)` : 'the CLI';
    case 'system':
      return label && label !== 'system' ? `the system (${label})` : 'the system';
    case 'anonymous':
      return 'someone signed out';
    default:
      return label ?? 'a removed account';
  }
}

/** "Okta (scim_abc…)" → "Okta": labels of keys and tokens carry their prefix for the CLI. */
const withoutPrefix = (label: string) => label.replace(/ \([a-z]+_[A-Za-z0-9_-]*…\)$/, '');

type Parts = { actor: string; target: string; before: Fields; after: Fields; metadata: Fields; event: DescribableEvent };
type Describe = (p: Parts) => string;

const by = (p: Parts) => ` by ${p.actor}`;
const simple = (words: (target: string) => string): Describe => (p) => `${words(p.target)}${by(p)}`;

function roleDecision(p: Parts): string {
  const group = text(p.metadata.group);
  if (group) return ` by rule ${group} → ${role(p.after.role)}`;
  if (p.metadata.reason === 'default role') return ' by the default role';
  return by(p);
}

function signInFailure(p: Parts): string {
  const who = text(p.metadata.email) ?? text(p.event.targetLabel) ?? 'an unknown account';
  const method = METHOD_WORDS[String(p.metadata.method)];
  const reason = text(p.metadata.detail) ?? text(p.metadata.reason);
  const errorId = text(p.metadata.errorId);
  return `Sign-in${method ? ` with ${method}` : ''} failed for ${who}${reason ? `: ${reason}` : ''}${errorId ? ` (error id ${errorId})` : ''}`;
}

const SENTENCES: Record<string, Describe> = {
  'api_key.created': simple((t) => `API key ${t} created`),
  'api_key.disabled': (p) => `API key ${p.target} disabled${by(p)}${text(p.metadata.reason) ? ` (${text(p.metadata.reason)})` : ''}`,
  'api_key.enabled': simple((t) => `API key ${t} re-enabled`),
  'auth.signed_in': (p) => `${p.actor} signed in${METHOD_WORDS[String(p.metadata.method)] ? ` with ${METHOD_WORDS[String(p.metadata.method)]}` : ''}`,
  'auth.break_glass_used': (p) => `${p.actor} signed in with a break-glass account`,
  'auth.sign_in_failed': signInFailure,
  'auth.signed_out': (p) => `${p.actor} signed out`,
  'domain.added': simple((t) => `Domain ${t} added`),
  'domain.verified': simple((t) => `Domain ${t} verified`),
  'domain.removed': simple((t) => `Domain ${t} removed`),
  'member.added': (p) => `${p.target} joined as ${role(p.after.role)}${p.after.source ? ` (via ${text(p.after.source)})` : ''}${roleDecision(p)}`,
  'member.invited': (p) => `${p.target} invited as ${role(p.after.role)}${by(p)}`,
  'member.invite_resent': simple((t) => `Invitation to ${t} sent again`),
  'member.invite_revoked': simple((t) => `Invitation to ${t} revoked`),
  'member.role_changed': (p) => `Role of ${p.target} changed ${role(p.before.role)} → ${role(p.after.role)}${roleDecision(p)}`,
  'member.suspended': simple((t) => `${t} suspended`),
  'member.restored': simple((t) => `${t} restored`),
  'member.removed': simple((t) => `${t} removed from the organization`),
  'org.created': simple((t) => `Organization ${t} created`),
  'org.plan_changed': (p) => `Plan changed ${text(p.before.plan) ?? '?'} → ${text(p.after.plan) ?? '?'}${by(p)}`,
  'org.default_role_changed': (p) => `Default role changed ${role(p.before.defaultRole)} → ${role(p.after.defaultRole)}${by(p)}`,
  'org.require_mapped_group_changed': (p) => `“Require a mapped group” turned ${onOff(p.after.requireMappedGroup)}${by(p)}`,
  'org.session_lifetime_changed': (p) => `Session lifetime changed${by(p)}`,
  'org.signed_out_everyone': (p) => `Everyone in the organization signed out${by(p)}`,
  'passkey.added': (p) => `${p.actor} added passkey ${p.target}`,
  'passkey.removed': (p) => `${p.actor} removed passkey ${p.target}`,
  'project.created': simple((t) => `Project ${t} created`),
  'role_rule.created': (p) => `Role rule ${text(p.after.group) ?? p.target} → ${role(p.after.role)} added${by(p)}`,
  'role_rule.updated': (p) => `Role rule ${text(p.after.group) ?? p.target} changed${by(p)}`,
  'role_rule.deleted': (p) => `Role rule ${text(p.before.group) ?? p.target} removed${by(p)}`,
  'role_rule.reordered': (p) => `Role rules reordered${by(p)}`,
  'scim_token.created': (p) => `SCIM token ${withoutPrefix(p.target)} created${by(p)}`,
  'scim_token.rotated': (p) => `SCIM token ${withoutPrefix(p.target)} rotated${by(p)}`,
  'scim_token.revoked': (p) => `SCIM token ${withoutPrefix(p.target)} revoked${by(p)}`,
  'session.revoked': (p) => {
    const count = typeof p.metadata.count === 'number' ? p.metadata.count : undefined;
    const what = count === undefined ? 'Sessions' : count === 1 ? '1 session' : `${count} sessions`;
    return `${what} of ${p.target} signed out${by(p)}${text(p.metadata.reason) ? ` (${text(p.metadata.reason)})` : ''}`;
  },
  'setup_link.created': simple((t) => `Setup link for ${t} created`),
  'setup_link.revoked': simple((t) => `Setup link for ${t} revoked`),
  'sso.connection_created': simple((t) => `SSO connection ${t} added`),
  'sso.connection_updated': simple((t) => `SSO connection ${t} changed`),
  'sso.connection_enabled': simple((t) => `SSO connection ${t} turned on`),
  'sso.connection_disabled': simple((t) => `SSO connection ${t} turned off`),
  'sso.connection_deleted': simple((t) => `SSO connection ${t} removed`),
  'sso.connection_tested': (p) => `SSO connection ${p.target} tested${by(p)}${p.metadata.ok === true ? ': it worked' : p.metadata.ok === false ? ': it failed' : ''}`,
  'sso.certificate_removed': simple((t) => `A signing certificate of SSO connection ${t} removed`),
  'sso.sso_only_changed': (p) => `SSO-only sign-in turned ${onOff(p.after.ssoOnly)}${by(p)}`,
  'sso.break_glass_added': simple((t) => `${t} named a break-glass account`),
  'sso.break_glass_removed': simple((t) => `${t} is no longer a break-glass account`),
  'team.created': simple((t) => `Team ${t} created`),
  'team.updated': simple((t) => `Team ${t} changed`),
  'team.deleted': simple((t) => `Team ${t} deleted`),
  'team.members_changed': (p) => `Members of team ${p.target} changed (${Number(p.metadata.added ?? 0)} added, ${Number(p.metadata.removed ?? 0)} removed)${by(p)}`,
  'user.signed_up': (p) => `${p.target} signed up`,
  'user.email_verified': (p) => `${p.target} verified their email address`,
  'user.password_reset': (p) => `Password of ${p.target} reset`,
  'user.email_changed': (p) => `Email of ${text(p.before.email) ?? 'a user'} changed to ${text(p.after.email) ?? p.target}${by(p)}`,
  'user.moved_to_sso': (p) => `${p.target} now signs in with SSO only (password and passkeys retired)`,
  'user.provisioned': simple((t) => `${t} provisioned`),
  'user.updated': simple((t) => `${t} updated`),
  'user.deactivated': (p) => `${p.target} deactivated${by(p)}${text(p.metadata.reason) ? ` (${text(p.metadata.reason)})` : ''}`,
  'user.reactivated': simple((t) => `${t} reactivated`),
  'user.deleted': simple((t) => `${t} deleted`),
};

/** The actions with a sentence of their own. */
export const DESCRIBED_ACTIONS = Object.keys(SENTENCES);

/** The event as one sentence, e.g. "Role of bob@acme.test changed Member → Admin by rule ai-admins → Admin". */
export function describeAuditEvent(event: DescribableEvent): string {
  const actor = actorWords(event);
  const target = event.targetLabel ?? event.targetId ?? event.targetType ?? 'something';
  const parts: Parts = { actor, target, before: fields(event.before), after: fields(event.after), metadata: fields(event.metadata), event };
  const describe = SENTENCES[event.action];
  if (describe) return describe(parts);
  return `${event.action}${event.targetLabel || event.targetId ? ` on ${target}` : ''}${by(parts)}`;
}
