import type { Executor } from '@/lib/db/client';
import { addressBucket } from '@/lib/http/client-address';
import { clearCounters, refundAttempts, takeAttempt, type Counter } from './throttle';
import { SIGN_IN_LIMITS } from './throttle-limits';

/** Who is trying: the account's email, the client address (null when unknown), and whether the browser is a known device of the account. */
export type SignInAttempt = { email: string; ip: string | null; knownDevice: boolean };

const accountKey = (email: string) => `account:${email.toLowerCase()}`;
const deviceKey = (email: string) => `device:${email.toLowerCase()}`;

/** The counters a password attempt is held to (SIGN_IN_LIMITS), the address-bound ones first. */
function signInCounters(attempt: SignInAttempt): { address?: Counter; accountAddress?: Counter; account: Counter } {
  const email = attempt.email.toLowerCase();
  const account = attempt.knownDevice ? { key: deviceKey(email), limit: SIGN_IN_LIMITS.knownDevice } : { key: accountKey(email), limit: SIGN_IN_LIMITS.account };
  if (!attempt.ip) return { account };
  const bucket = addressBucket(attempt.ip);
  return {
    address: { key: `ip:${bucket}`, limit: SIGN_IN_LIMITS.address },
    accountAddress: { key: `account-ip:${email} ${bucket}`, limit: SIGN_IN_LIMITS.accountAddress },
    account,
  };
}

/**
 * Counts a password attempt before the password is checked, in one statement per key, so a
 * parallel burst gets no extra checks. Returns 0 to go ahead, or the seconds to wait.
 */
export async function beginSignInAttempt(db: Executor, attempt: SignInAttempt): Promise<number> {
  const { address, accountAddress, account } = signInCounters(attempt);
  return takeAttempt(db, [address, accountAddress, account].filter((c): c is Counter => !!c));
}

/** A correct password is no guess: the account (and its count from this address) starts over, and the address (maybe a shared NAT) is not charged. */
export async function forgetCorrectPassword(db: Executor, attempt: SignInAttempt): Promise<void> {
  const { address, accountAddress, account } = signInCounters(attempt);
  await clearCounters(db, [account.key, ...(accountAddress ? [accountAddress.key] : [])]);
  if (address) await refundAttempts(db, [address]);
}

/** After a password reset: the account-wide counters start over (an address locked on the account stays locked). */
export async function clearAccountCounters(db: Executor, email: string): Promise<void> {
  await clearCounters(db, [accountKey(email), deviceKey(email)]);
}
