import { and, eq, isNotNull } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { ssoConnections } from '@/lib/db/schema';
import { describeSigningCertificate } from './metadata/certificates';

export type CertificateWarning = { connectionId: string; connectionName: string; notAfter: Date; expired: boolean };

/**
 * The org's SAML connections whose first-expiring signing certificate (the same one the
 * connections list shows) has expired or expires within CERTIFICATE_WARNING_DAYS, soonest first.
 * One query on sso_connections only: the console layout runs it on every page for owners and admins.
 */
export async function certificateWarnings(db: Executor, orgId: string, now = new Date()): Promise<CertificateWarning[]> {
  const rows = await db
    .select({ id: ssoConnections.id, name: ssoConnections.name, certificates: ssoConnections.signingCertificates })
    .from(ssoConnections)
    .where(and(eq(ssoConnections.orgId, orgId), isNotNull(ssoConnections.signingCertificates)));
  const warnings = rows.flatMap((row) => {
    const certificates = (row.certificates ?? []).flatMap((text) => {
      try {
        return [describeSigningCertificate(text, now)];
      } catch {
        return [];
      }
    });
    const first = certificates.filter((c) => !c.notYetValid).sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime())[0];
    if (!first || !(first.expired || first.expiresSoon)) return [];
    return [{ connectionId: row.id, connectionName: row.name, notAfter: first.notAfter, expired: first.expired }];
  });
  return warnings.sort((a, b) => a.notAfter.getTime() - b.notAfter.getTime());
}
