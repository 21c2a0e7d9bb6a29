import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signInWithSsoTicket } from '@/lib/auth/sign-in-sso';
import { getDb } from '@/lib/db/client';
import { auditEvents, ssoConnections } from '@/lib/db/schema';
import { buildIdpMetadata } from '@/lib/demo-idp/metadata';
import { systemActor } from '@/lib/testing/fixtures';
import { makeSamlOrg } from '@/lib/testing/saml-fixtures';
import { completeSsoLogin } from './complete-login';
import { createSamlConnection, deleteConnection } from './connections';
import { handleSamlResponse } from './saml/handle-acs';
import { setSsoOnly } from './sso-only';

const db = getDb();

describe('SSO connections', () => {
  it('re-adding the same IdP updates its name and mapping, audited as an update', async () => {
    const idp = await makeSamlOrg();
    const metadataXml = buildIdpMetadata({ entityId: idp.entityId, ssoUrl: `${idp.entityId}/sso`, certBase64: idp.credentials.certBase64 });
    const again = await createSamlConnection(db, { orgId: idp.org.id, name: 'Okta (renamed)', metadataXml, attributeMapping: { groups: ['memberOf'] } }, systemActor);
    expect(again.id).toBe(idp.connection.id);
    const [row] = await db.select().from(ssoConnections).where(eq(ssoConnections.id, again.id));
    expect(row).toMatchObject({ name: 'Okta (renamed)', attributeMapping: { groups: ['memberOf'] } });
    const [update] = await db.select().from(auditEvents).where(and(eq(auditEvents.orgId, idp.org.id), eq(auditEvents.action, 'sso.connection_updated')));
    expect(update.before).toMatchObject({ name: 'Okta' });
  });

  it('refuses metadata without a signing certificate, clearly, and stores nothing', async () => {
    const idp = await makeSamlOrg();
    const noCert = buildIdpMetadata({ entityId: 'https://nocert.example.test', ssoUrl: 'https://nocert.example.test/sso', certBase64: '' }).replace(/<md:KeyDescriptor[\s\S]*?<\/md:KeyDescriptor>/, '');
    await expect(createSamlConnection(db, { orgId: idp.org.id, name: 'No cert', metadataXml: noCert }, systemActor)).rejects.toThrow(/no signing certificate/);
    expect(await db.select().from(ssoConnections).where(eq(ssoConnections.orgId, idp.org.id))).toHaveLength(1);
  });

  it('keeps the last connection while SSO-only is on', async () => {
    const idp = await makeSamlOrg({ rules: [['ai-admins', 'admin']] });
    const alice = idp.email('alice');
    const identity = await handleSamlResponse(db, { samlResponse: idp.respond(alice, { attributes: { email: [alice], groups: ['ai-admins'] } }).base64, relayState: null });
    await signInWithSsoTicket(db, (await completeSsoLogin(db, identity, { ip: null, userAgent: null })).ticket, { ip: null, userAgent: null }, null);
    await setSsoOnly(db, { orgId: idp.org.id, enabled: true }, systemActor);
    await expect(deleteConnection(db, { orgId: idp.org.id, connectionId: idp.connection.id }, systemActor)).rejects.toThrow(/last SSO connection and SSO-only is on/);
    await setSsoOnly(db, { orgId: idp.org.id, enabled: false }, systemActor);
    await deleteConnection(db, { orgId: idp.org.id, connectionId: idp.connection.id }, systemActor);
    expect(await db.select().from(ssoConnections).where(eq(ssoConnections.orgId, idp.org.id))).toHaveLength(0);
  });
});
