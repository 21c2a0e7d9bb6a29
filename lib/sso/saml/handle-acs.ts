import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Executor } from '@/lib/db/client';
import { deleteExpiredBatch } from '@/lib/db/expired-rows';
import { samlSeenAssertions, ssoConnections, ssoLoginRequests } from '@/lib/db/schema';
import { mapAttributes } from '../attribute-mapping';
import { acsUrl, getJackson, JACKSON_CODE_REDIRECT, JACKSON_PRODUCT, jacksonClientSecret, spEntityId } from '../jackson';
import { SsoLoginError } from './errors';
import { verifySamlResponse } from './verify-response';
import type { SsoIdentity } from '../complete-login';

const JACKSON_RELAY_PREFIX = 'boxyhq_jackson_';

/** The Issuer of the (not yet verified) response, used only to find which connection to verify it with. */
function unverifiedIssuer(base64: string): string | null {
  const xml = Buffer.from(base64, 'base64').toString('utf8');
  return /<(?:\w+:)?Issuer[^>]*>\s*([^<]+?)\s*<\/(?:\w+:)?Issuer>/.exec(xml)?.[1] ?? null;
}

/** SP-initiated: the RelayState is ours, and the login request is used once. */
async function claimLoginRequest(db: Executor, relayState: string) {
  const [request] = await db
    .update(ssoLoginRequests)
    .set({ completedAt: sql`now()` })
    .where(and(eq(ssoLoginRequests.relayState, relayState), isNull(ssoLoginRequests.completedAt), gt(ssoLoginRequests.expiresAt, sql`now()`)))
    .returning();
  if (!request || !request.bindingHash) throw new SsoLoginError('saml_unknown_request', 'no pending login matches this RelayState (expired, already used, or not ours)');
  return { ...request, bindingHash: request.bindingHash };
}

/** IdP-initiated: exactly one connection may claim the issuing IdP. */
async function connectionForIssuer(db: Executor, issuer: string | null) {
  if (!issuer) throw new SsoLoginError('saml_invalid', 'the response names no Issuer');
  const matches = await db.select().from(ssoConnections).where(and(eq(ssoConnections.idpEntityId, issuer), eq(ssoConnections.protocol, 'saml')));
  if (matches.length !== 1) throw new SsoLoginError('saml_unknown_idp', `${matches.length} connections use IdP ${issuer}`);
  return matches[0];
}

/** Records the assertion id; a second use (this replica or any other) is a replay. */
async function rememberAssertion(db: Executor, issuer: string, assertionId: string, expiresAt: Date) {
  await deleteExpiredBatch(db, samlSeenAssertions);
  const inserted = await db.insert(samlSeenAssertions).values({ key: `${issuer} ${assertionId}`, expiresAt }).onConflictDoNothing().returning();
  if (inserted.length === 0) throw new SsoLoginError('saml_replayed', `assertion ${assertionId} was already used`);
}

export type ClaimedSamlLogin = Awaited<ReturnType<typeof claimLoginRequest>> | null;

/** The pending login a response answers (used up now), or null for an IdP-initiated response. */
export async function claimSamlLogin(db: Executor, relayState: string | null): Promise<ClaimedSamlLogin> {
  return relayState?.startsWith(JACKSON_RELAY_PREFIX) ? claimLoginRequest(db, relayState) : null;
}

/** The whole ACS for one response: claim its pending login (if any), then verify it. */
export async function handleSamlResponse(db: Executor, input: { samlResponse: string; relayState: string | null }): Promise<SsoIdentity> {
  return verifySamlLogin(db, input, await claimSamlLogin(db, input.relayState));
}

/**
 * The ACS checks: ours first (connection binding, signature, audience, recipient, InResponseTo,
 * time, replay), then Jackson processes the same response and issues its code, which we redeem
 * in-process. Returns the identity for JIT; throws SsoLoginError with a code for /login.
 */
export async function verifySamlLogin(db: Executor, input: { samlResponse: string; relayState: string | null }, request: ClaimedSamlLogin): Promise<SsoIdentity> {
  if (!input.samlResponse) throw new SsoLoginError('saml_invalid', 'the POST carried no SAMLResponse');
  const spInitiated = request !== null;
  const connection = request
    ? (await db.select().from(ssoConnections).where(and(eq(ssoConnections.id, request.connectionId), eq(ssoConnections.orgId, request.orgId))))[0]
    : await connectionForIssuer(db, unverifiedIssuer(input.samlResponse));
  if (!connection) throw new SsoLoginError('saml_unknown_idp', 'the connection of this login no longer exists');

  const jackson = await getJackson();
  const [found] = await jackson.connectionAPIController.getConnections({ clientID: connection.id });
  const record = found && 'idpMetadata' in found ? found : undefined;
  // Ours (the metadata's minus those an admin removed), else Jackson's comma-separated list.
  const certificates = connection.signingCertificates ?? (record?.idpMetadata.publicKey ?? '').split(',').map((c) => c.trim()).filter(Boolean);
  if (!record || certificates.length === 0 || record.tenant !== connection.orgId) throw new SsoLoginError('saml_unknown_idp', 'the connection has no IdP signing certificate');
  if (record.deactivated) throw new SsoLoginError('connection_inactive', 'the connection is deactivated');

  const verified = verifySamlResponse(input.samlResponse, {
    idpCertificates: certificates,
    idpEntityId: record.idpMetadata.entityID,
    audience: spEntityId(),
    acsUrl: acsUrl(),
    inResponseTo: request?.samlRequestId ?? null,
  });
  await rememberAssertion(db, verified.issuer, verified.assertionId, verified.expiresAt);

  const answer = await jackson.oauthController
    .samlResponse({ SAMLResponse: input.samlResponse, RelayState: spInitiated ? input.relayState! : '', idp_hint: connection.id })
    .catch((error: Error) => {
      throw new SsoLoginError('saml_rejected', `Jackson refused the response: ${error.message}`);
    });
  if (!answer.redirect_url) throw new SsoLoginError('saml_rejected', `Jackson returned no code: ${answer.error ?? 'unexpected answer'}`);
  const redirect = new URL(answer.redirect_url);
  const code = redirect.searchParams.get('code');
  if (!code) throw new SsoLoginError('saml_rejected', `Jackson returned no code: ${redirect.searchParams.get('error_description') ?? redirect.search}`);
  if (request && redirect.searchParams.get('state') !== request.state) throw new SsoLoginError('state_mismatch', 'the state returned with the code is not the one we sent');

  const token = request
    ? await jackson.oauthController.token({ code, grant_type: 'authorization_code', redirect_uri: JACKSON_CODE_REDIRECT, code_verifier: request.codeVerifier })
    : await jackson.oauthController.token({ code, grant_type: 'authorization_code', redirect_uri: JACKSON_CODE_REDIRECT, client_id: `tenant=${connection.orgId}&product=${JACKSON_PRODUCT}`, client_secret: jacksonClientSecret() });
  const profile = await jackson.oauthController.userInfo(token.access_token);

  const mapped = mapAttributes({ ...verified.attributes, nameId: [verified.nameId] }, connection.attributeMapping);
  mapped.email ??= verified.nameId.includes('@') ? verified.nameId.toLowerCase() : null;
  // Defence in depth: Jackson parsed the same document; it must have seen the same person.
  if (profile.email && mapped.email && profile.email.toLowerCase() !== mapped.email) {
    throw new SsoLoginError('saml_profile_mismatch', `Jackson read ${profile.email}, the signed assertion says ${mapped.email}`);
  }
  // The ACS POST comes cross-site without our cookie; the ticket carries the binding to the browser check.
  return { orgId: connection.orgId, connectionId: connection.id, connectionName: connection.name, protocol: 'saml', profile: mapped, bindingHash: request?.bindingHash ?? null, subject: verified.nameId, attributes: verified.attributes };
}
