import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getDb } from '@/lib/db/client';
import { ssoConnections } from '@/lib/db/schema';
import { createIdpCredentials } from '@/lib/demo-idp/credentials';
import { makeOrg } from '@/lib/testing/fixtures';
import { certificateWarnings } from './certificate-banner';

const db = getDb();
const DAY = 86_400_000;
const EMPTY_MAPPING = { email: [], firstName: [], lastName: [], displayName: [], groups: [] };

/** A connection row as the banner reads it (Jackson plays no part in the banner). */
async function connectionWith(orgId: string, name: string, certificates: string[] | null, protocol: 'saml' | 'oidc' = 'saml') {
  await db.insert(ssoConnections).values({ id: `conn_${randomBytes(6).toString('hex')}`, orgId, protocol, name, attributeMapping: EMPTY_MAPPING, signingCertificates: certificates });
}

/** A certificate valid from yesterday (unless said otherwise) until `notAfter`. */
const certificate = async ({ notBefore = new Date(Date.now() - DAY), notAfter }: { notBefore?: Date; notAfter: Date }) =>
  (await createIdpCredentials('Banner test', { notBefore, notAfter })).certBase64;

describe('certificateWarnings', () => {
  it('names each connection whose first-expiring certificate is inside 30 days or expired, soonest first', async () => {
    const org = await makeOrg();
    const now = new Date();
    const inTenDays = new Date(now.getTime() + 10 * DAY);
    const expiredYesterday = new Date(now.getTime() - DAY);
    const healthy = await certificate({ notAfter: new Date(now.getTime() + 400 * DAY) });

    await connectionWith(org.id, 'Okta (rollover)', [healthy, await certificate({ notAfter: inTenDays })]);
    await connectionWith(org.id, 'Old Entra', [await certificate({ notBefore: new Date(now.getTime() - 30 * DAY), notAfter: expiredYesterday })]);
    await connectionWith(org.id, 'Healthy', [healthy]);
    await connectionWith(org.id, 'Next key published early', [healthy, await certificate({ notBefore: new Date(now.getTime() + 5 * DAY), notAfter: new Date(now.getTime() + 20 * DAY) })]);
    await connectionWith(org.id, 'OIDC', null, 'oidc');
    await connectionWith(org.id, 'Unreadable', ['not a certificate']);

    const warnings = await certificateWarnings(db, org.id, now);
    expect(warnings.map((w) => [w.connectionName, w.expired])).toEqual([
      ['Old Entra', true],
      ['Okta (rollover)', false],
    ]);
    expect(Math.abs(warnings[1].notAfter.getTime() - inTenDays.getTime())).toBeLessThan(1000);
  });

  it('reads only the org it is asked about', async () => {
    const [mine, theirs] = [await makeOrg(), await makeOrg()];
    await connectionWith(theirs.id, 'Theirs', [await certificate({ notAfter: new Date(Date.now() + 3 * DAY) })]);
    expect(await certificateWarnings(db, mine.id)).toEqual([]);
    expect((await certificateWarnings(db, theirs.id)).map((w) => w.connectionName)).toEqual(['Theirs']);
  });
});
