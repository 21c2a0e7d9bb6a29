import 'server-only';
import type { Domain } from '@/lib/db/schema';
import { verificationRecord } from '@/lib/orgs/domains';
import type { DomainView } from './domain-view';

export function toDomainView(row: Domain): DomainView {
  const { lastCheckedAt, lastCheckFailure, lastCheckMessage } = row;
  const failed = !row.verifiedAt && lastCheckFailure && lastCheckMessage && lastCheckedAt;
  return {
    id: row.id,
    domain: row.domain,
    record: verificationRecord(row),
    createdAt: row.createdAt.toISOString(),
    verifiedAt: row.verifiedAt?.toISOString() ?? null,
    lastFailure: failed ? { checkedAt: lastCheckedAt.toISOString(), message: lastCheckMessage } : null,
  };
}
