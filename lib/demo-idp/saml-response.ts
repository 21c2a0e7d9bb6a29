import { randomBytes } from 'node:crypto';
import { SignedXml } from 'xml-crypto';
import type { IdpCredentials } from './credentials';
import { attr, escapeXml } from './xml';

const NS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
};

export type SamlResponseOptions = {
  credentials: IdpCredentials;
  issuer: string;
  /** Our SP entity id; tests pass wrong values to prove the SP refuses them. */
  audience: string;
  /** SubjectConfirmationData@Recipient. */
  recipient: string;
  /** Response@Destination; `null` leaves it out. */
  destination: string | null;
  inResponseTo?: string;
  nameId: string;
  attributes?: Record<string, string[]>;
  now?: Date;
  /** Conditions@NotOnOrAfter offset from now, in seconds. */
  validForSeconds?: number;
  /** SubjectConfirmationData@NotOnOrAfter offset from now, in seconds. */
  confirmationValidForSeconds?: number;
  assertionId?: string;
  signAssertion?: boolean;
  signResponse?: boolean;
  /** Prepended before the root element (tests: DOCTYPE / entity smuggling). */
  prolog?: string;
};

const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
const newId = () => `_${randomBytes(20).toString('hex')}`;

function attributeStatement(attributes: Record<string, string[]>): string {
  const items = Object.entries(attributes).map(
    ([name, values]) =>
      `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:basic">${values
        .map((v) => `<saml:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">${escapeXml(v)}</saml:AttributeValue>`)
        .join('')}</saml:Attribute>`,
  );
  return items.length ? `<saml:AttributeStatement>${items.join('')}</saml:AttributeStatement>` : '';
}

/** Signs the element with the given ID (enveloped, exc-c14n, RSA-SHA256), placing the signature after its Issuer. */
function signElement(xml: string, localName: 'Assertion' | 'Response', credentials: IdpCredentials): string {
  const signer = new SignedXml({
    privateKey: credentials.privateKey,
    publicCert: credentials.certPem,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  signer.addReference({
    xpath: `//*[local-name(.)='${localName}']`,
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  signer.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `//*[local-name(.)='${localName}']/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return signer.getSignedXml();
}

/** A SAML 2.0 Response as real IdPs send it (HTTP-POST binding), signed with the IdP's key. */
export function buildSamlResponse(options: SamlResponseOptions): { xml: string; base64: string; assertionId: string; responseId: string } {
  const now = options.now ?? new Date();
  const at = (seconds: number) => iso(new Date(now.getTime() + seconds * 1000));
  const assertionId = options.assertionId ?? newId();
  const responseId = newId();
  const validFor = options.validForSeconds ?? 300;
  const confirmationFor = options.confirmationValidForSeconds ?? validFor;

  const assertion =
    `<saml:Assertion xmlns:saml="${NS.assertion}" ID="${assertionId}" Version="2.0" IssueInstant="${at(0)}">` +
    `<saml:Issuer>${escapeXml(options.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${escapeXml(options.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${attr('InResponseTo', options.inResponseTo)} NotOnOrAfter="${at(confirmationFor)}" Recipient="${escapeXml(options.recipient)}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${at(-30)}" NotOnOrAfter="${at(validFor)}"><saml:AudienceRestriction><saml:Audience>${escapeXml(options.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${at(0)}" SessionIndex="${newId()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    attributeStatement(options.attributes ?? {}) +
    `</saml:Assertion>`;

  const signedAssertion = options.signAssertion === false ? assertion : signElement(assertion, 'Assertion', options.credentials);
  let response =
    `<samlp:Response xmlns:samlp="${NS.protocol}" xmlns:saml="${NS.assertion}" ID="${responseId}" Version="2.0" IssueInstant="${at(0)}"${attr('Destination', options.destination ?? undefined)}${attr('InResponseTo', options.inResponseTo)}>` +
    `<saml:Issuer>${escapeXml(options.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    signedAssertion +
    `</samlp:Response>`;
  if (options.signResponse) response = signElement(response, 'Response', options.credentials);
  const xml = `${options.prolog ?? ''}${response}`;
  return { xml, base64: Buffer.from(xml).toString('base64'), assertionId, responseId };
}
