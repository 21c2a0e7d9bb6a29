import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { SsoLoginError } from './errors';
import { CLOCK_SKEW_SECONDS } from '../clock-skew';

const PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
const ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
const DSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const MAX_RESPONSE_BYTES = 512 * 1024;

export type ResponseExpectations = {
  /** The IdP signing certificate from the connection (base64 DER or PEM). */
  /** The connection's IdP signing certificates (base64 DER or PEM): during a rollover, old and new both count. */
  idpCertificates: string[];
  idpEntityId: string;
  /** Our SP entity id: the audience must equal it exactly (not merely start with it). */
  audience: string;
  acsUrl: string;
  /** The ID of the AuthnRequest we sent, or null for an IdP-initiated (unsolicited) response. */
  inResponseTo: string | null;
  now?: Date;
};

export type VerifiedAssertion = {
  assertionId: string;
  issuer: string;
  nameId: string;
  attributes: Record<string, string[]>;
  /** When the assertion may no longer be used: the replay cache keeps its id until then. */
  expiresAt: Date;
};

function toPem(certificate: string): string {
  if (certificate.includes('BEGIN CERTIFICATE')) return certificate;
  const body = certificate.replace(/\s+/g, '').match(/.{1,64}/g)?.join('\n') ?? '';
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

function parseXml(xml: string, code: string): Document {
  let failure: string | undefined;
  let document: Document | undefined;
  try {
    document = new DOMParser({ onError: (level, message) => { if (level !== 'warning') failure ??= message; } }).parseFromString(xml, 'text/xml');
  } catch (error) {
    failure = (error as Error).message;
  }
  if (failure || !document?.documentElement) throw new SsoLoginError(code, `malformed XML: ${failure ?? 'no root element'}`);
  return document;
}

function children(parent: Element, ns: string, localName: string): Element[] {
  return Array.from(parent.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === localName);
}

function only(parent: Element, ns: string, localName: string, code: string): Element {
  const found = children(parent, ns, localName);
  if (found.length !== 1) throw new SsoLoginError(code, `expected exactly one ${localName} in ${parent.localName}, found ${found.length}`);
  return found[0];
}

function text(element: Element): string {
  return (element.textContent ?? '').trim();
}

function time(value: string | null, what: string): Date | null {
  if (!value) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new SsoLoginError('saml_invalid', `${what} is not a valid time: ${value}`);
  return date;
}

/**
 * Verifies the XML signature with the connection's certificate and returns the signed
 * elements exactly as they were signed (xml-crypto's canonical copies). Everything we
 * check later is read from these copies, never from the unsigned document around them.
 */
/** The elements one signature covers, when one of the certificates verifies it (KeyInfo is never trusted). */
function verifySignature(xml: string, signature: Element, certificates: string[]): string[] {
  let problem = 'the signature does not match the IdP certificate or the signed content was changed';
  for (const certificate of certificates) {
    const checker = new SignedXml({ publicCert: toPem(certificate), getCertFromKeyInfo: () => null });
    checker.loadSignature(signature as unknown as Node);
    try {
      if (checker.checkSignature(xml)) return checker.getSignedReferences();
    } catch (error) {
      problem = `signature check failed: ${(error as Error).message}`;
    }
  }
  throw new SsoLoginError('saml_bad_signature', certificates.length > 1 ? `${problem} (tried ${certificates.length} certificates)` : problem);
}

function signedElements(xml: string, document: Document, certificates: string[]): Element[] {
  const signatures = Array.from(document.getElementsByTagNameNS(DSIG_NS, 'Signature'));
  if (signatures.length === 0) throw new SsoLoginError('saml_unsigned', 'the response carries no XML signature');
  if (certificates.length === 0) throw new SsoLoginError('saml_unknown_idp', 'the connection has no IdP signing certificate');
  return signatures.flatMap((signature) => verifySignature(xml, signature, certificates).map((signed) => parseXml(signed, 'saml_bad_signature').documentElement!));
}

function checkAudience(assertion: Element, audience: string) {
  const conditions = only(assertion, ASSERTION_NS, 'Conditions', 'saml_invalid');
  const restrictions = children(conditions, ASSERTION_NS, 'AudienceRestriction');
  if (restrictions.length === 0) throw new SsoLoginError('saml_wrong_audience', 'the assertion has no AudienceRestriction');
  for (const restriction of restrictions) {
    const audiences = children(restriction, ASSERTION_NS, 'Audience').map(text);
    // Exact match: an audience that merely starts with ours is another SP's assertion.
    if (!audiences.includes(audience)) throw new SsoLoginError('saml_wrong_audience', `audience ${JSON.stringify(audiences)} is not ${audience}`);
  }
  return conditions;
}

/** The measured difference, for admins debugging a clock skew: " (312 s ago; our clock 2026-…, 90 s allowed)". */
function clockDifference(instant: Date, now: number, word: 'ago' | 'early'): string {
  return ` (${Math.round(Math.abs(now - instant.getTime()) / 1000)} s ${word}; our clock ${new Date(now).toISOString()}, ${CLOCK_SKEW_SECONDS} s allowed)`;
}

/**
 * Our SP's checks on a SAML Response, before Jackson sees it: no DTD, a valid signature by
 * the connection's IdP, then on the signed assertion: issuer, exact audience, Recipient and
 * Destination equal to our ACS, InResponseTo bound to our request, and time windows.
 */
export function verifySamlResponse(base64: string, expect: ResponseExpectations): VerifiedAssertion {
  const xml = Buffer.from(base64, 'base64').toString('utf8');
  if (!xml || Buffer.byteLength(xml) > MAX_RESPONSE_BYTES) throw new SsoLoginError('saml_invalid', 'empty or oversized SAMLResponse');
  // No DTDs at all: entity declarations are how XXE and entity-expansion attacks start.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new SsoLoginError('saml_invalid', 'the response contains a DOCTYPE or ENTITY declaration');

  const document = parseXml(xml, 'saml_invalid');
  const response = document.documentElement!;
  if (response.namespaceURI !== PROTOCOL_NS || response.localName !== 'Response') throw new SsoLoginError('saml_invalid', 'the document is not a SAML 2.0 Response');
  const status = only(only(response, PROTOCOL_NS, 'Status', 'saml_invalid'), PROTOCOL_NS, 'StatusCode', 'saml_invalid').getAttribute('Value');
  if (status !== 'urn:oasis:names:tc:SAML:2.0:status:Success') throw new SsoLoginError('idp_error', `the IdP answered with status ${status}`);
  if (document.getElementsByTagNameNS(ASSERTION_NS, 'EncryptedAssertion').length > 0) throw new SsoLoginError('saml_encrypted', 'encrypted assertions are not supported by this connection');
  // Exactly one assertion in the whole document, so the one we verify is the one Jackson reads.
  const allAssertions = document.getElementsByTagNameNS(ASSERTION_NS, 'Assertion');
  if (allAssertions.length !== 1) throw new SsoLoginError('saml_invalid', `expected exactly one Assertion, found ${allAssertions.length}`);
  const assertionInDocument = allAssertions[0];
  if (assertionInDocument.parentNode !== response) throw new SsoLoginError('saml_invalid', 'the Assertion is not a direct child of the Response');

  const signed = signedElements(xml, document, expect.idpCertificates);
  const signedResponse = signed.find((e) => e.localName === 'Response' && e.namespaceURI === PROTOCOL_NS && e.getAttribute('ID') === response.getAttribute('ID'));
  const assertionId = assertionInDocument.getAttribute('ID') ?? '';
  const signedAssertion =
    signed.find((e) => e.localName === 'Assertion' && e.namespaceURI === ASSERTION_NS && e.getAttribute('ID') === assertionId) ??
    (signedResponse ? children(signedResponse, ASSERTION_NS, 'Assertion').find((e) => e.getAttribute('ID') === assertionId) : undefined);
  if (!assertionId || !signedAssertion) throw new SsoLoginError('saml_unsigned', 'neither the Assertion nor the Response containing it is signed');

  // Response-level attributes come from the signed Response when there is one.
  const envelope = signedResponse ?? response;
  const destination = envelope.getAttribute('Destination');
  if (destination !== null && destination !== expect.acsUrl) throw new SsoLoginError('saml_wrong_destination', `Destination ${destination} is not our ACS ${expect.acsUrl}`);
  if (signedResponse && destination === null) throw new SsoLoginError('saml_wrong_destination', 'a signed Response must name our ACS as its Destination');
  const responseInResponseTo = envelope.getAttribute('InResponseTo');

  const issuer = text(only(signedAssertion, ASSERTION_NS, 'Issuer', 'saml_invalid'));
  if (issuer !== expect.idpEntityId) throw new SsoLoginError('saml_wrong_issuer', `issuer ${issuer} is not this connection's IdP ${expect.idpEntityId}`);

  const now = (expect.now ?? new Date()).getTime();
  const skew = CLOCK_SKEW_SECONDS * 1000;
  const conditions = checkAudience(signedAssertion, expect.audience);
  const notBefore = time(conditions.getAttribute('NotBefore'), 'Conditions@NotBefore');
  const notOnOrAfter = time(conditions.getAttribute('NotOnOrAfter'), 'Conditions@NotOnOrAfter');
  if (notBefore && notBefore.getTime() - skew > now) throw new SsoLoginError('saml_not_yet_valid', `assertion valid only from ${notBefore.toISOString()}${clockDifference(notBefore, now, 'early')}`);
  if (notOnOrAfter && notOnOrAfter.getTime() + skew <= now) throw new SsoLoginError('saml_expired', `assertion expired at ${notOnOrAfter.toISOString()}${clockDifference(notOnOrAfter, now, 'ago')}`);

  const subject = only(signedAssertion, ASSERTION_NS, 'Subject', 'saml_invalid');
  const nameId = text(only(subject, ASSERTION_NS, 'NameID', 'saml_invalid'));
  const bearer = children(subject, ASSERTION_NS, 'SubjectConfirmation').filter((c) => c.getAttribute('Method') === 'urn:oasis:names:tc:SAML:2.0:cm:bearer');
  if (bearer.length !== 1) throw new SsoLoginError('saml_invalid', `expected one bearer SubjectConfirmation, found ${bearer.length}`);
  const data = only(bearer[0], ASSERTION_NS, 'SubjectConfirmationData', 'saml_invalid');
  const recipient = data.getAttribute('Recipient');
  if (recipient !== expect.acsUrl) throw new SsoLoginError('saml_wrong_recipient', `Recipient ${recipient} is not our ACS ${expect.acsUrl}`);
  const confirmationExpiry = time(data.getAttribute('NotOnOrAfter'), 'SubjectConfirmationData@NotOnOrAfter');
  if (!confirmationExpiry) throw new SsoLoginError('saml_invalid', 'SubjectConfirmationData has no NotOnOrAfter');
  if (confirmationExpiry.getTime() + skew <= now) throw new SsoLoginError('saml_expired', `subject confirmation expired at ${confirmationExpiry.toISOString()}${clockDifference(confirmationExpiry, now, 'ago')}`);

  const confirmationInResponseTo = data.getAttribute('InResponseTo');
  if (expect.inResponseTo === null) {
    if (confirmationInResponseTo || responseInResponseTo) throw new SsoLoginError('saml_unsolicited_mismatch', 'an IdP-initiated response must not answer a request we did not send');
  } else {
    if (confirmationInResponseTo !== expect.inResponseTo) throw new SsoLoginError('saml_wrong_in_response_to', `InResponseTo ${confirmationInResponseTo ?? '(missing)'} does not answer our request ${expect.inResponseTo}`);
    if (responseInResponseTo !== null && responseInResponseTo !== expect.inResponseTo) throw new SsoLoginError('saml_wrong_in_response_to', `Response@InResponseTo ${responseInResponseTo} does not answer our request`);
  }

  const attributes: Record<string, string[]> = {};
  for (const statement of children(signedAssertion, ASSERTION_NS, 'AttributeStatement')) {
    for (const attribute of children(statement, ASSERTION_NS, 'Attribute')) {
      const name = attribute.getAttribute('Name') ?? '';
      attributes[name] = [...(attributes[name] ?? []), ...children(attribute, ASSERTION_NS, 'AttributeValue').map(text)];
    }
  }
  const expiresAt = new Date(Math.max(confirmationExpiry.getTime(), notOnOrAfter?.getTime() ?? 0) + skew);
  return { assertionId, issuer, nameId, attributes, expiresAt };
}
