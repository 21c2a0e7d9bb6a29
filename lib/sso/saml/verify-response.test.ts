import { beforeAll, describe, expect, it } from 'vitest';
import { createIdpCredentials, type IdpCredentials } from '@/lib/demo-idp/credentials';
import { buildSamlResponse, type SamlResponseOptions } from '@/lib/demo-idp/saml-response';
import { SsoLoginError } from './errors';
import { verifySamlResponse, type ResponseExpectations } from './verify-response';

const SP = 'https://console.example.com/api/sso/saml/metadata';
const ACS = 'https://console.example.com/api/sso/saml/acs';
const IDP = 'https://idp.example.com/saml';
const REQUEST_ID = '_request123';

let idp: IdpCredentials;
let attacker: IdpCredentials;
let nextCert: IdpCredentials;

beforeAll(async () => {
  [idp, attacker, nextCert] = await Promise.all([createIdpCredentials('IdP'), createIdpCredentials('Attacker'), createIdpCredentials('IdP next year')]);
});

function response(overrides: Partial<SamlResponseOptions> = {}) {
  return buildSamlResponse({
    credentials: idp,
    issuer: IDP,
    audience: SP,
    recipient: ACS,
    destination: ACS,
    inResponseTo: REQUEST_ID,
    nameId: 'alice@acme.test',
    attributes: { email: ['alice@acme.test'], groups: ['ai-admins', 'finance'] },
    ...overrides,
  });
}

function verify(base64: string, overrides: Partial<ResponseExpectations> = {}) {
  return verifySamlResponse(base64, { idpCertificates: [idp.certBase64], idpEntityId: IDP, audience: SP, acsUrl: ACS, inResponseTo: REQUEST_ID, ...overrides });
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof SsoLoginError) return error.code;
    throw error;
  }
  throw new Error('expected the response to be refused');
}

describe('SAML response verification', () => {
  it('accepts a correct SP-initiated response and reads the signed assertion', () => {
    const built = response();
    const verified = verify(built.base64);
    expect(verified).toMatchObject({ assertionId: built.assertionId, issuer: IDP, nameId: 'alice@acme.test', attributes: { groups: ['ai-admins', 'finance'] } });
  });

  it('accepts an IdP-initiated response without InResponseTo, and a signed Response', () => {
    expect(verify(response({ inResponseTo: undefined }).base64, { inResponseTo: null }).nameId).toBe('alice@acme.test');
    expect(verify(response({ signResponse: true }).base64).nameId).toBe('alice@acme.test');
    expect(verify(response({ signAssertion: false, signResponse: true }).base64).nameId).toBe('alice@acme.test');
  });

  it('refuses a bad signature: content changed after signing', () => {
    const tampered = response().xml.replace('alice@acme.test</saml:NameID>', 'ceo@acme.test</saml:NameID>');
    expect(refusal(() => verify(Buffer.from(tampered).toString('base64')))).toBe('saml_bad_signature');
  });

  it('refuses a response signed by another key, even with that key in KeyInfo', () => {
    expect(refusal(() => verify(response({ credentials: attacker }).base64))).toBe('saml_bad_signature');
  });

  it('during a certificate rollover accepts a response signed by either certificate, and no other', () => {
    const rollover = { idpCertificates: [nextCert.certBase64, idp.certBase64] };
    expect(verify(response().base64, rollover).nameId).toBe('alice@acme.test');
    expect(verify(response({ credentials: nextCert }).base64, rollover).nameId).toBe('alice@acme.test');
    expect(refusal(() => verify(response({ credentials: attacker }).base64, rollover))).toBe('saml_bad_signature');
    expect(refusal(() => verify(response({ credentials: nextCert }).base64))).toMatch(/^saml_bad_signature/);
  });

  it('refuses an unsigned response', () => {
    expect(refusal(() => verify(response({ signAssertion: false }).base64))).toBe('saml_unsigned');
  });

  it('refuses a wrapped (second, unsigned) assertion', () => {
    const { xml } = response();
    const evil = response({ signAssertion: false, nameId: 'ceo@acme.test' }).xml.match(/<saml:Assertion[\s\S]*<\/saml:Assertion>/)![0];
    const wrapped = xml.replace('</samlp:Status>', `</samlp:Status>${evil}`);
    expect(refusal(() => verify(Buffer.from(wrapped).toString('base64')))).toBe('saml_invalid');
  });

  it('refuses an expired assertion and an expired subject confirmation', () => {
    const past = new Date(Date.now() - 3600_000);
    expect(refusal(() => verify(response({ now: past }).base64))).toBe('saml_expired');
    expect(refusal(() => verify(response({ confirmationValidForSeconds: -120 }).base64))).toBe('saml_expired');
  });

  it('refuses an assertion that is not yet valid', () => {
    expect(refusal(() => verify(response({ now: new Date(Date.now() + 3600_000) }).base64))).toBe('saml_not_yet_valid');
  });

  it('refuses a wrong audience and an audience that only starts with ours', () => {
    expect(refusal(() => verify(response({ audience: 'https://other.example.com' }).base64))).toBe('saml_wrong_audience');
    expect(refusal(() => verify(response({ audience: `${SP}.attacker.example` }).base64))).toBe('saml_wrong_audience');
  });

  it('refuses a wrong Recipient and a wrong Destination', () => {
    expect(refusal(() => verify(response({ recipient: 'https://evil.example.com/acs' }).base64))).toBe('saml_wrong_recipient');
    expect(refusal(() => verify(response({ destination: 'https://evil.example.com/acs' }).base64))).toBe('saml_wrong_destination');
  });

  it('binds InResponseTo to our request: missing, foreign, or unsolicited-but-answering are refused', () => {
    expect(refusal(() => verify(response({ inResponseTo: undefined }).base64))).toBe('saml_wrong_in_response_to');
    expect(refusal(() => verify(response({ inResponseTo: '_someone_elses_request' }).base64))).toBe('saml_wrong_in_response_to');
    expect(refusal(() => verify(response().base64, { inResponseTo: null }))).toBe('saml_unsolicited_mismatch');
  });

  it('refuses a response from another IdP entity id', () => {
    expect(refusal(() => verify(response({ issuer: 'https://other-idp.example.com' }).base64))).toBe('saml_wrong_issuer');
  });

  it('refuses a DOCTYPE, even with unused entities', () => {
    const prolog = '<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY unused "x">]>';
    expect(refusal(() => verify(response({ prolog }).base64))).toBe('saml_invalid');
  });

  it('refuses garbage', () => {
    expect(refusal(() => verify(Buffer.from('not xml at all <<<').toString('base64')))).toBe('saml_invalid');
    expect(refusal(() => verify(''))).toBe('saml_invalid');
  });
});
