import { X509Certificate as NodeX509 } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createIdpCredentials, type IdpCredentials } from '@/lib/demo-idp/credentials';
import { buildIdpMetadata } from '@/lib/demo-idp/metadata';
import { UserFacingError } from '@/lib/errors';
import { inspectSamlMetadata } from './inspect';
import { entitiesDescriptor, keyDescriptor, metadataWithKeys, PRODUCT_ENDPOINTS } from './test-metadata';

const DAY = 86_400_000;
let valid: IdpCredentials;
let next: IdpCredentials;
let expired: IdpCredentials;
let tenDaysLeft: IdpCredentials;
let notYetValid: IdpCredentials;

beforeAll(async () => {
  const now = Date.now();
  [valid, next, expired, tenDaysLeft, notYetValid] = await Promise.all([
    createIdpCredentials('Acme IdP'),
    createIdpCredentials('Acme IdP (next)'),
    createIdpCredentials('Acme IdP (expired)', { notBefore: new Date(now - 400 * DAY), notAfter: new Date(now - DAY) }),
    createIdpCredentials('Acme IdP (10 days left)', { notBefore: new Date(now - 355 * DAY), notAfter: new Date(now + 10 * DAY) }),
    createIdpCredentials('Acme IdP (rollover)', { notBefore: new Date(now + 5 * DAY), notAfter: new Date(now + 400 * DAY) }),
  ]);
}, 60_000);

const metadata = (endpoints: { entityId: string; ssoUrl: string } = PRODUCT_ENDPOINTS.other, certBase64 = valid.certBase64) => buildIdpMetadata({ ...endpoints, certBase64 });

function refusal(xml: string, options?: Parameters<typeof inspectSamlMetadata>[1]): string {
  try {
    inspectSamlMetadata(xml, options);
  } catch (error) {
    expect(error).toBeInstanceOf(UserFacingError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('the metadata was accepted');
}

describe('inspectSamlMetadata: what the admin sees', () => {
  it('reads the entity id, both SSO bindings and the signing certificate', () => {
    const details = inspectSamlMetadata(metadata());
    expect(details.entityId).toBe(PRODUCT_ENDPOINTS.other.entityId);
    expect(details.ssoServices).toEqual([
      { binding: 'HTTP-Redirect', url: PRODUCT_ENDPOINTS.other.ssoUrl },
      { binding: 'HTTP-POST', url: PRODUCT_ENDPOINTS.other.ssoUrl },
    ]);
    const [certificate] = details.signingCertificates;
    const reference = new NodeX509(valid.certPem);
    expect(certificate).toMatchObject({
      certificate: valid.certBase64,
      subject: 'CN=Acme IdP',
      commonName: 'Acme IdP',
      fingerprintSha256: reference.fingerprint256,
      expired: false,
      expiresSoon: false,
      notYetValid: false,
    });
    expect(certificate.fingerprintSha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(certificate.notBefore.getTime()).toBe(new Date(reference.validFrom).getTime());
    expect(certificate.notAfter.getTime()).toBe(new Date(reference.validTo).getTime());
    expect(details.entityDescriptorXml).toBe(metadata());
  });

  it.each(Object.entries(PRODUCT_ENDPOINTS))('recognises %s from the entity id and SSO URL it publishes', (product, endpoints) => {
    expect(inspectSamlMetadata(metadata(endpoints)).product.id).toBe(product);
  });

  it('recognises Okta by its entity id behind a custom domain, and Keycloak before 17 (/auth prefix)', () => {
    expect(inspectSamlMetadata(metadata({ entityId: 'http://www.okta.com/exk5fn90zik3RdpS30h7', ssoUrl: 'https://login.acme.example/app/acme_gw_1/exk5fn90zik3RdpS30h7/sso/saml' })).product).toEqual({ id: 'okta', name: 'Okta' });
    expect(inspectSamlMetadata(metadata({ entityId: 'https://kc.acme.example/auth/realms/acme', ssoUrl: 'https://kc.acme.example/auth/realms/acme/protocol/saml' })).product.id).toBe('keycloak');
  });

  it('does not take look-alike hosts and entity ids for a product', () => {
    const lookalikes = [
      { entityId: 'http://www.okta.com.evil.example/exk1', ssoUrl: 'https://acme.okta.com.evil.example/app/x/exk1/sso/saml' },
      { entityId: 'https://sts.windows.net.evil.example/2f82f566-5953-43f4-9251-79c6009bdf24/', ssoUrl: 'https://evillogin.microsoftonline.com.example/saml2' },
      { entityId: 'https://evil.example/?https://accounts.google.com/o/saml2', ssoUrl: 'https://accounts.google.com.evil.example/o/saml2/idp' },
      { entityId: 'https://notonelogin.com/saml/metadata/1', ssoUrl: 'https://sso.jumpcloud.com.evil.example/saml2/x' },
      { entityId: 'urn:dev-x.auth0.com.evil.example', ssoUrl: 'https://evil.example/realms/acme/protocol/saml/extra' },
    ];
    for (const endpoints of lookalikes) expect(inspectSamlMetadata(metadata(endpoints)).product, endpoints.entityId).toEqual({ id: 'other', name: 'Other SAML 2.0 IdP' });
  });

  it('flags an expired certificate and one with 10 days left, and a next certificate not valid yet', () => {
    const [old] = inspectSamlMetadata(metadata(undefined, expired.certBase64)).signingCertificates;
    expect(old).toMatchObject({ commonName: 'Acme IdP (expired)', expired: true, expiresSoon: false });
    const [soon] = inspectSamlMetadata(metadata(undefined, tenDaysLeft.certBase64)).signingCertificates;
    expect(soon).toMatchObject({ expired: false, expiresSoon: true });
    const [rollover] = inspectSamlMetadata(metadata(undefined, notYetValid.certBase64)).signingCertificates;
    expect(rollover).toMatchObject({ expired: false, expiresSoon: false, notYetValid: true });
    // The flags are relative to `now`: 40 days on, the 10-days-left certificate is expired.
    const [later] = inspectSamlMetadata(metadata(undefined, tenDaysLeft.certBase64), { now: new Date(Date.now() + 40 * DAY) }).signingCertificates;
    expect(later).toMatchObject({ expired: true, expiresSoon: false });
  });

  it('lists both signing certificates during a rollover, each once', () => {
    const xml = metadataWithKeys(PRODUCT_ENDPOINTS.okta, [keyDescriptor(valid.certBase64, 'signing'), keyDescriptor(next.certBase64, 'signing'), keyDescriptor(valid.certBase64, 'signing')]);
    const certificates = inspectSamlMetadata(xml).signingCertificates;
    expect(certificates.map((c) => c.commonName)).toEqual(['Acme IdP', 'Acme IdP (next)']);
    expect(new Set(certificates.map((c) => c.fingerprintSha256)).size).toBe(2);
  });

  it('reads certificates wrapped at 64 columns, and a KeyDescriptor without use when none says signing', () => {
    const wrapped = `\n        ${valid.certBase64.match(/.{1,64}/g)!.join('\n        ')}\n      `;
    const xml = metadataWithKeys(PRODUCT_ENDPOINTS.entra, [keyDescriptor(wrapped, null), keyDescriptor(next.certBase64, 'encryption')]);
    expect(inspectSamlMetadata(`\uFEFF${xml}\n`).signingCertificates.map((c) => c.certificate)).toEqual([valid.certBase64]);
  });

  it('lists only what Jackson verifies against: use-less keys are ignored beside use="signing", and the issuer chain of an X509Data', () => {
    const xml = metadataWithKeys(PRODUCT_ENDPOINTS.okta, [keyDescriptor(next.certBase64, null), keyDescriptor(valid.certBase64, 'signing')]);
    expect(inspectSamlMetadata(xml).signingCertificates.map((c) => c.commonName)).toEqual(['Acme IdP']);
    const chain = metadataWithKeys(PRODUCT_ENDPOINTS.okta, [keyDescriptor(valid.certBase64, 'signing').replace('</ds:X509Certificate>', `</ds:X509Certificate><ds:X509Certificate>${next.certBase64}</ds:X509Certificate>`)]);
    expect(inspectSamlMetadata(chain).signingCertificates.map((c) => c.commonName)).toEqual(['Acme IdP']);
  });

  it('takes the one IdP out of an EntitiesDescriptor, or the one named by entity id among several', () => {
    const sp = metadata({ entityId: 'https://sp.example', ssoUrl: 'https://sp.example/acs' }).replace(/IDPSSODescriptor/g, 'SPSSODescriptor');
    const single = inspectSamlMetadata(entitiesDescriptor([sp, metadata(PRODUCT_ENDPOINTS.keycloak)]));
    expect(single.entityId).toBe(PRODUCT_ENDPOINTS.keycloak.entityId);
    expect(single.entityDescriptorXml).toMatch(/^<md:EntityDescriptor [^>]*xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"/);
    expect(inspectSamlMetadata(single.entityDescriptorXml).signingCertificates).toEqual(single.signingCertificates);

    const federation = entitiesDescriptor([metadata(PRODUCT_ENDPOINTS.okta), metadata(PRODUCT_ENDPOINTS.google, next.certBase64)]);
    const chosen = inspectSamlMetadata(federation, { entityId: PRODUCT_ENDPOINTS.google.entityId });
    expect(chosen).toMatchObject({ entityId: PRODUCT_ENDPOINTS.google.entityId, product: { id: 'google' } });
    expect(chosen.signingCertificates.map((c) => c.commonName)).toEqual(['Acme IdP (next)']);
    expect(inspectSamlMetadata(chosen.entityDescriptorXml).entityId).toBe(PRODUCT_ENDPOINTS.google.entityId);
  });
});

describe('inspectSamlMetadata: refusals say which problem', () => {
  it('refuses what is not XML', () => {
    expect(refusal('this is not XML at all')).toMatch(/^The IdP metadata is not XML \(/);
    expect(refusal(metadata().slice(0, 300))).toMatch(/^The IdP metadata is not XML \(/);
    expect(refusal('   ')).toBe('The IdP metadata is empty');
    expect(refusal('<html><body>Sign in</body></html>')).toMatch(/^This is an HTML page, not SAML metadata/);
  });

  it('refuses a DOCTYPE or ENTITY before parsing, and says so', () => {
    const xxe = metadata().replace('<?xml version="1.0" encoding="UTF-8"?>', '<?xml version="1.0"?><!DOCTYPE md [<!ENTITY e SYSTEM "file:///etc/passwd">]>').replace(PRODUCT_ENDPOINTS.other.entityId, '&e;');
    expect(refusal(xxe)).toMatch(/contains a DOCTYPE or ENTITY declaration/);
    expect(refusal(`<!DOCTYPE html><html><body>Sign in</body></html>`)).toMatch(/^This is an HTML page/);
  });

  it('refuses metadata larger than 1 MiB, and accepts it just under', () => {
    const padded = (size: number) => metadata().replace('</md:EntityDescriptor>', `<!--${'x'.repeat(size - Buffer.byteLength(metadata()) - 7)}--></md:EntityDescriptor>`);
    expect(Buffer.byteLength(padded(1024 * 1024 + 1))).toBe(1024 * 1024 + 1);
    expect(refusal(padded(1024 * 1024 + 1))).toMatch(/larger than 1 MiB/);
    expect(inspectSamlMetadata(padded(1024 * 1024)).entityId).toBe(PRODUCT_ENDPOINTS.other.entityId);
  });

  it('refuses metadata that is not an IdP EntityDescriptor', () => {
    expect(refusal('<foo xmlns="urn:example"/>')).toMatch(/root element is <foo>, expected an EntityDescriptor/);
    expect(refusal(metadata().replace(/xmlns:md="[^"]+"/, 'xmlns:md="urn:example:not-saml"'))).toMatch(/not SAML 2.0 metadata/);
    expect(refusal(metadata().replace(/IDPSSODescriptor/g, 'SPSSODescriptor'))).toMatch(/service provider's metadata \(SPSSODescriptor\)/);
    expect(refusal(metadata().replace(/<md:IDPSSODescriptor[\s\S]*<\/md:IDPSSODescriptor>/, ''))).toMatch(/no IDPSSODescriptor/);
    expect(refusal(metadata().replace(/ entityID="[^"]+"/, ''))).toMatch(/no entityID/);
    expect(refusal(metadata({ entityId: `https://idp.example/${'x'.repeat(1024)}`, ssoUrl: 'https://idp.example/sso' }))).toMatch(/longer than 1024 characters/);
    expect(refusal(metadata().replace('urn:oasis:names:tc:SAML:2.0:protocol', 'urn:oasis:names:tc:SAML:1.1:protocol'))).toMatch(/does not support SAML 2.0/);
  });

  it('refuses metadata without a usable SingleSignOnService', () => {
    expect(refusal(metadata().replace(/<md:SingleSignOnService [^>]*\/>/g, ''))).toMatch(/no SingleSignOnService:/);
    expect(refusal(metadata().replace(/bindings:HTTP-(Redirect|POST)/g, 'bindings:SOAP'))).toMatch(/no SingleSignOnService with the HTTP-Redirect or HTTP-POST binding \(found: SOAP\)/);
    expect(refusal(metadata({ entityId: 'https://idp.example', ssoUrl: 'javascript:alert(1)' }))).toMatch(/SingleSignOnService Location is not an http\(s\) URL: javascript:alert\(1\)/);
  });

  it('refuses metadata without a signing certificate', () => {
    expect(refusal(metadataWithKeys(PRODUCT_ENDPOINTS.other, []))).toMatch(/no signing certificate/);
    expect(refusal(metadataWithKeys(PRODUCT_ENDPOINTS.other, [keyDescriptor(valid.certBase64, 'encryption')]))).toMatch(/no signing certificate/);
    expect(refusal(metadataWithKeys(PRODUCT_ENDPOINTS.other, ['<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:KeyName>k1</ds:KeyName></ds:KeyInfo></md:KeyDescriptor>']))).toMatch(/no signing certificate/);
  });

  it('refuses a certificate that cannot be read, naming which', () => {
    expect(refusal(metadata(undefined, 'not base64!!'))).toBe('The signing certificate in the IdP metadata cannot be read: it is not base64');
    expect(refusal(metadata(undefined, 'AAAA'))).toMatch(/^The signing certificate in the IdP metadata cannot be read: it is not a DER X\.509 certificate/);
    const second = metadataWithKeys(PRODUCT_ENDPOINTS.other, [keyDescriptor(valid.certBase64, 'signing'), keyDescriptor(valid.certBase64.slice(0, 400), 'signing')]);
    expect(refusal(second)).toMatch(/^Signing certificate 2 of 2 in the IdP metadata cannot be read/);
  });

  it('refuses a federation of several IdPs unless one is named, and an entity id it does not hold', () => {
    const federation = entitiesDescriptor([metadata(PRODUCT_ENDPOINTS.okta), metadata(PRODUCT_ENDPOINTS.google), metadata(PRODUCT_ENDPOINTS.entra)]);
    expect(refusal(federation)).toBe(
      `The metadata describes 3 identity providers (a federation's EntitiesDescriptor): ${PRODUCT_ENDPOINTS.okta.entityId}, ${PRODUCT_ENDPOINTS.google.entityId}, ${PRODUCT_ENDPOINTS.entra.entityId}. Choose yours by its entity id, or use your IdP's own metadata`,
    );
    expect(refusal(federation, { entityId: 'https://unknown.example' })).toMatch(/no identity provider with entity id https:\/\/unknown\.example/);
    expect(refusal(metadata(), { entityId: 'https://unknown.example' })).toMatch(/describes https:\/\/idp\.acme\.example\/idp\/shibboleth, not https:\/\/unknown\.example/);
    expect(refusal(entitiesDescriptor([]))).toMatch(/no IDPSSODescriptor/);
  });
});
