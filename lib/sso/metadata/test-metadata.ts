import { buildIdpMetadata } from '@/lib/demo-idp/metadata';

/**
 * Entity ids and SSO URLs shaped as each product really publishes them (see idp-product.ts for
 * where each pattern was seen), for building metadata in tests.
 */
export const PRODUCT_ENDPOINTS = {
  okta: { entityId: 'http://www.okta.com/exk1hqp7cwfwMSmWU5d7', ssoUrl: 'https://acme.okta.com/app/acme_llmgateway_1/exk1hqp7cwfwMSmWU5d7/sso/saml' },
  entra: {
    entityId: 'https://sts.windows.net/2f82f566-5953-43f4-9251-79c6009bdf24/',
    ssoUrl: 'https://login.microsoftonline.com/2f82f566-5953-43f4-9251-79c6009bdf24/saml2',
  },
  google: { entityId: 'https://accounts.google.com/o/saml2?idpid=C03wnohn9', ssoUrl: 'https://accounts.google.com/o/saml2/idp?idpid=C03wnohn9' },
  onelogin: {
    entityId: 'https://app.onelogin.com/saml/metadata/6b4fc6b8-af8e-45ab-b93e-435d85d1d3d7',
    ssoUrl: 'https://acme.onelogin.com/trust/saml2/http-redirect/sso/6b4fc6b8-af8e-45ab-b93e-435d85d1d3d7',
  },
  jumpcloud: { entityId: 'acme-jumpcloud', ssoUrl: 'https://sso.jumpcloud.com/saml2/llm-gateway' },
  auth0: { entityId: 'urn:dev-h3g6rnzyw4uphcnl.us.auth0.com', ssoUrl: 'https://dev-h3g6rnzyw4uphcnl.us.auth0.com/samlp/ntMKt8dt2PlBp8ui4stj7Q6GwiNErgUO' },
  keycloak: { entityId: 'https://sso.acme.example/realms/acme', ssoUrl: 'https://sso.acme.example/realms/acme/protocol/saml' },
  other: { entityId: 'https://idp.acme.example/idp/shibboleth', ssoUrl: 'https://idp.acme.example/idp/profile/SAML2/Redirect/SSO' },
} as const;

const KEY_DESCRIPTOR = /<md:KeyDescriptor[\s\S]*?<\/md:KeyDescriptor>/;

export function keyDescriptor(certBase64: string, use: 'signing' | 'encryption' | null): string {
  return (
    `<md:KeyDescriptor${use ? ` use="${use}"` : ''}><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>` +
    `<ds:X509Certificate>${certBase64}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`
  );
}

/** Metadata with these KeyDescriptors in place of the single signing one buildIdpMetadata writes. */
export function metadataWithKeys(endpoints: { entityId: string; ssoUrl: string }, keys: string[]): string {
  return buildIdpMetadata({ ...endpoints, certBase64: 'PLACEHOLDER' }).replace(KEY_DESCRIPTOR, () => keys.join(''));
}

/** A federation-style aggregate of several EntityDescriptors (SAML metadata §2.3.1). */
export function entitiesDescriptor(entities: string[]): string {
  const inner = entities.map((xml) => xml.replace(/^<\?xml[^>]*\?>/, ''));
  return `<?xml version="1.0"?><md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" Name="urn:example:federation">${inner.join('')}</md:EntitiesDescriptor>`;
}
