import type { ScimTokenSummary } from '@/lib/scim/tokens';

/** A SCIM token as the browser sees it: plain data, dates as ISO strings, never the secret. */
export type ScimTokenView = { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

export function toScimTokenView(token: ScimTokenSummary): ScimTokenView {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}
