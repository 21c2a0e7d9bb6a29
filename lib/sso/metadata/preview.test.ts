import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdpCredentials } from '@/lib/demo-idp/credentials';
import { buildIdpMetadata } from '@/lib/demo-idp/metadata';
import { previewSamlConnection } from './preview';
import { entitiesDescriptor, PRODUCT_ENDPOINTS } from './test-metadata';

let xml: string;
let base: string;
let server: http.Server;

beforeAll(async () => {
  xml = buildIdpMetadata({ ...PRODUCT_ENDPOINTS.entra, certBase64: (await createIdpCredentials('Microsoft Azure Federated SSO Certificate')).certBase64 });
  server = http.createServer((req, res) => {
    if (req.url === '/federationmetadata.xml') res.writeHead(200, { 'content-type': 'application/xml' }).end(xml);
    else res.writeHead(200, { 'content-type': 'text/html' }).end('<!DOCTYPE html><html><body>Sign in</body></html>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('previewSamlConnection', () => {
  it('fetches a metadata URL and shows what was detected', async () => {
    const preview = await previewSamlConnection({ metadataUrl: `${base}/federationmetadata.xml` }, { allowPrivate: true });
    expect(preview.xml).toBe(xml);
    expect(preview.details).toMatchObject({
      entityId: PRODUCT_ENDPOINTS.entra.entityId,
      product: { id: 'entra', name: 'Microsoft Entra ID' },
      signingCertificates: [{ commonName: 'Microsoft Azure Federated SSO Certificate', expired: false }],
    });
  });

  it('refuses a private metadata URL without the flag, and a page that is not metadata', async () => {
    await expect(previewSamlConnection({ metadataUrl: `${base}/federationmetadata.xml` }, { allowPrivate: false })).rejects.toThrow(/points at a loopback address 127\.0\.0\.1; set ALLOW_PRIVATE_METADATA_URLS=1/);
    await expect(previewSamlConnection({ metadataUrl: `${base}/login` }, { allowPrivate: true })).rejects.toThrow(/^This is an HTML page, not SAML metadata/);
  });

  it('reads pasted XML, handing back the one EntityDescriptor to store', async () => {
    const pasted = await previewSamlConnection({ metadataXml: entitiesDescriptor([xml]) }, { allowPrivate: false });
    expect(pasted.details.entityId).toBe(PRODUCT_ENDPOINTS.entra.entityId);
    expect(pasted.xml).toMatch(/^<md:EntityDescriptor /);
  });

  it('wants exactly one source', async () => {
    await expect(previewSamlConnection({}, { allowPrivate: true })).rejects.toThrow('Give either the IdP metadata URL or its metadata XML (one of them)');
    await expect(previewSamlConnection({ metadataUrl: ' ', metadataXml: '  ' }, { allowPrivate: true })).rejects.toThrow(/one of them/);
    await expect(previewSamlConnection({ metadataUrl: `${base}/federationmetadata.xml`, metadataXml: xml }, { allowPrivate: true })).rejects.toThrow(/one of them/);
  });
});
