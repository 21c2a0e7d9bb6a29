import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { auditBy, recordAudit, type AuditContext } from '@/lib/audit/record';
import type { Executor } from '@/lib/db/client';
import { passkeys, users, webauthnChallenges } from '@/lib/db/schema';
import { UserFacingError } from '@/lib/errors';
import { checkLocalSignIn, SSO_REQUIRED_MESSAGE } from './local-sign-in-policy';
import { findDefaultOrgId, type RequestMeta } from './sessions';
import { completeSignIn, recordSignInFailure, type SignInResult } from './sign-in-events';
import { relyingParty } from './webauthn-config';

const CHALLENGE_TTL_MS = 5 * 60_000;

export const passkeyNameSchema = z.string().trim().min(1, 'Give the passkey a name').max(60, 'Passkey name must be at most 60 characters');

async function storeChallenge(db: Executor, purpose: 'register' | 'authenticate', challenge: string, userId?: string) {
  await db.delete(webauthnChallenges).where(sql`${webauthnChallenges.expiresAt} < now()`);
  const [row] = await db
    .insert(webauthnChallenges)
    .values({ purpose, challenge, userId, expiresAt: new Date(Date.now() + CHALLENGE_TTL_MS) })
    .returning({ id: webauthnChallenges.id });
  return row.id;
}

/** Challenges are single use: deleting on read means a replayed ceremony finds nothing. */
async function consumeChallenge(db: Executor, id: string, purpose: 'register' | 'authenticate', userId?: string) {
  if (!z.uuid().safeParse(id).success) return undefined;
  const conditions = [eq(webauthnChallenges.id, id), eq(webauthnChallenges.purpose, purpose), gt(webauthnChallenges.expiresAt, sql`now()`)];
  if (userId) conditions.push(eq(webauthnChallenges.userId, userId));
  const [row] = await db.delete(webauthnChallenges).where(and(...conditions)).returning();
  return row;
}

function userHandle(userId: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(userId.replaceAll('-', ''), 'hex'));
}

export async function listPasskeys(db: Executor, userId: string) {
  return db
    .select({ id: passkeys.id, name: passkeys.name, createdAt: passkeys.createdAt, lastUsedAt: passkeys.lastUsedAt, deactivatedAt: passkeys.deactivatedAt, backedUp: passkeys.backedUp })
    .from(passkeys)
    .where(eq(passkeys.userId, userId))
    .orderBy(passkeys.createdAt);
}

export async function startPasskeyRegistration(db: Executor, user: { id: string; email: string; name: string }) {
  const { rpName, rpID } = relyingParty();
  const existing = await db.select({ id: passkeys.credentialId, transports: passkeys.transports }).from(passkeys).where(eq(passkeys.userId, user.id));
  const options = await generateRegistrationOptions({
    rpName,
    rpID,
    userName: user.email,
    userDisplayName: user.name || user.email,
    userID: userHandle(user.id),
    attestationType: 'none',
    excludeCredentials: existing.map((c) => ({ id: c.id, transports: c.transports })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
  });
  const challengeId = await storeChallenge(db, 'register', options.challenge, user.id);
  return { challengeId, options };
}

export async function finishPasskeyRegistration(
  db: Executor,
  input: { user: { id: string; email: string }; orgId: string | null; challengeId: string; response: RegistrationResponseJSON; name: string },
  by: AuditContext,
) {
  const challenge = await consumeChallenge(db, input.challengeId, 'register', input.user.id);
  if (!challenge) throw new UserFacingError('The passkey request expired. Please try again.');
  const { rpID, origin } = relyingParty();
  let verification;
  try {
    verification = await verifyRegistrationResponse({ response: input.response, expectedChallenge: challenge.challenge, expectedOrigin: origin, expectedRPID: rpID });
  } catch (error) {
    throw new UserFacingError(`The passkey could not be verified: ${(error as Error).message}`);
  }
  if (!verification.verified) throw new UserFacingError('The passkey could not be verified.');
  const info = verification.registrationInfo;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(passkeys)
      .values({
        userId: input.user.id,
        credentialId: info.credential.id,
        publicKey: info.credential.publicKey,
        counter: info.credential.counter,
        transports: info.credential.transports ?? [],
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
        name: input.name,
      })
      .onConflictDoNothing()
      .returning({ id: passkeys.id, name: passkeys.name });
    if (!row) throw new UserFacingError('This passkey is already registered.');
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'passkey.added', target: { type: 'passkey', id: row.id, label: row.name } }));
    return row;
  });
}

export async function removePasskey(db: Executor, input: { userId: string; orgId: string | null; passkeyId: string }, by: AuditContext) {
  return db.transaction(async (tx) => {
    const [row] = await tx.delete(passkeys).where(and(eq(passkeys.id, input.passkeyId), eq(passkeys.userId, input.userId))).returning();
    if (!row) throw new UserFacingError('Passkey not found');
    await recordAudit(tx, auditBy(by, { orgId: input.orgId, action: 'passkey.removed', target: { type: 'passkey', id: row.id, label: row.name } }));
  });
}

/** Options for a discoverable-credential sign-in: the browser offers whichever passkey the user picks. */
export async function startPasskeySignIn(db: Executor) {
  const { rpID } = relyingParty();
  const options = await generateAuthenticationOptions({ rpID, userVerification: 'preferred' });
  const challengeId = await storeChallenge(db, 'authenticate', options.challenge);
  return { challengeId, options };
}

export async function signInWithPasskey(db: Executor, input: { challengeId: unknown; response: unknown }, meta: RequestMeta): Promise<SignInResult> {
  const failed = { ok: false as const, error: 'That passkey could not be used to sign in. Try again or use your password.' };
  if (typeof input.challengeId !== 'string' || typeof input.response !== 'object' || input.response === null) return failed;
  const response = input.response as AuthenticationResponseJSON;
  const challenge = await consumeChallenge(db, input.challengeId, 'authenticate');
  if (!challenge || typeof response.id !== 'string') return { ok: false, error: 'The passkey request expired. Please try again.' };

  const [found] = await db
    .select({ passkey: passkeys, user: users })
    .from(passkeys)
    .innerJoin(users, eq(users.id, passkeys.userId))
    .where(and(eq(passkeys.credentialId, response.id), isNull(passkeys.deactivatedAt)));
  const fail = async (reason: string, error = failed.error): Promise<SignInResult> => {
    const orgId = found ? await findDefaultOrgId(db, found.user.id) : null;
    await recordSignInFailure(db, { orgId, method: 'passkey', reason, email: found?.user.email, userId: found?.user.id, meta });
    return { ok: false, error };
  };
  if (!found) return fail('unknown_passkey');

  const { rpID, origin } = relyingParty();
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: { id: found.passkey.credentialId, publicKey: found.passkey.publicKey as Uint8Array<ArrayBuffer>, counter: found.passkey.counter, transports: found.passkey.transports as never },
    });
  } catch {
    return fail('bad_assertion');
  }
  if (!verification.verified) return fail('bad_assertion');

  const { user } = found;
  const policy = await checkLocalSignIn(db, { userId: user.id, email: user.email, method: 'passkey' });
  if (!policy.allowed) return fail('sso_required', SSO_REQUIRED_MESSAGE);
  if (user.status !== 'active') return fail('account_disabled', 'This account is disabled. Contact your administrator.');

  await db
    .update(passkeys)
    .set({ counter: verification.authenticationInfo.newCounter, lastUsedAt: new Date() })
    .where(eq(passkeys.id, found.passkey.id));
  return completeSignIn(db, { userId: user.id, email: user.email, method: 'passkey', meta, extra: { passkey: found.passkey.name } });
}
