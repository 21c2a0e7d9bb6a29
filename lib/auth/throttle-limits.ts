/**
 * Every throttle's numbers, in one place. Counters live in Postgres (sign_in_throttles), shared by
 * every replica; an "address" is the client IP our server saw (lib/http/client-address.ts), an
 * IPv6 address counted by its /64. The sizing case is a 5,000-person company behind one office NAT
 * on a Monday morning: its people must get in, so per-address limits are far above what that
 * office does legitimately, and the narrow limits sit on the account, the email or the org.
 */

/**
 * A hard limit: `max` (at least 2) attempts per window; the attempt that reaches it still runs,
 * later ones are refused until `lockMinutes` after it (or, without lockMinutes, until the window ends).
 */
export type HardLimit = { max: number; windowMinutes: number; lockMinutes?: number };

/**
 * A progressive limit: `free` (at least 2) attempts per window, then each attempt must come at least a gap after
 * the previous one, the gap doubling from firstGapSeconds up to maxGapSeconds. The count starts over
 * only after quietMinutes without an attempt, so waiting out a window earns no new free attempts.
 */
export type SpacedLimit = { free: number; windowMinutes: number; firstGapSeconds: number; maxGapSeconds: number; quietMinutes: number };

/**
 * Password sign-in failures (a correct password is never counted). Checked before the password,
 * in this order, and a refused attempt is counted nowhere.
 * - address: a sprayer trying many accounts from one address. 50 failures in 15 min is ~1 typo in
 *   20 for an office whose password sign-ins cluster in a few minutes; most of it uses SSO anyway.
 * - accountAddress: a guesser on one account from one address is locked there after 5 failures,
 *   which locks nobody else out: the owner elsewhere is not affected.
 * - account: the whole account from all addresses (a distributed guesser). No hard lock, which
 *   would let anyone lock the owner out with 5 wrong passwords: 10 free failures an hour, then
 *   one attempt per 30 s, 60 s, … 15 min. Under 300 guesses a day (the old hard lock allowed 480),
 *   and the owner waits at most the current gap, or not at all from a known device.
 * - knownDevice: a browser holding the account's signed known-device cookie (it signed in before)
 *   skips the account-wide delay and counts here instead, so a stolen cookie still gets few guesses.
 */
export const SIGN_IN_LIMITS = {
  address: { max: 50, windowMinutes: 15, lockMinutes: 15 },
  accountAddress: { max: 5, windowMinutes: 15, lockMinutes: 15 },
  account: { free: 10, windowMinutes: 60, firstGapSeconds: 30, maxGapSeconds: 15 * 60, quietMinutes: 60 },
  knownDevice: { max: 10, windowMinutes: 15, lockMinutes: 15 },
} as const satisfies Record<string, HardLimit | SpacedLimit>;

/** How long a known-device cookie lasts after the sign-in that set it. */
export const KNOWN_DEVICE_DAYS = 90;

/**
 * Sign-ups that create an org, and sign-ups with an invite token that is not valid, per address.
 * A sign-up with a valid invite is not counted: an admin issued it, and a whole office may accept
 * its invites on one morning. Nobody creates 20 organizations an hour from one network by hand.
 */
export const SIGN_UP_LIMITS = {
  address: { max: 20, windowMinutes: 60 },
} as const satisfies Record<string, HardLimit>;

/**
 * Password-reset requests, counted whether or not the account exists (the answer is the same).
 * Per email: 3 an hour stops mailbox flooding; a person needs one or two. Per address: 30 in 15 min
 * stops one client walking a list of addresses, and is far above what an office sends.
 */
export const PASSWORD_RESET_LIMITS = {
  email: { max: 3, windowMinutes: 60 },
  address: { max: 30, windowMinutes: 15 },
} as const satisfies Record<string, HardLimit>;

/**
 * Anonymous SSO starts (each creates a pending login row and Jackson rows, kept 10 minutes).
 * The NAT case: 5,000 people arriving 8:30–9:15 is ~110 logins a minute, ~180 at the peak minute
 * with retries and second tabs, so ~1,800 starts in the busiest 10 minutes from one address and
 * one domain. Limits per 10 minutes (the pending row's lifetime, so they also bound live rows):
 * - address: 3,000 (1.7× that peak); one client can hold at most 3,000 pending rows.
 * - domain: 6,000 (the office plus remote staff on the same domain).
 * - pendingPerOrg: 5,000 uncompleted, unexpired login requests per org, ~3× the peak even if the
 *   IdP were down and everyone retried; beyond it new starts wait until older ones expire.
 */
export const SSO_START_LIMITS = {
  address: { max: 3_000, windowMinutes: 10 },
  domain: { max: 6_000, windowMinutes: 10 },
  pendingPerOrg: 5_000,
} as const;

export type SsoStartLimits = { address: HardLimit; domain: HardLimit; pendingPerOrg: number };
