import { createHmac } from 'node:crypto';
import { safeEqual } from '@/lib/crypto/tokens';
import { getEnv } from '@/lib/env';
import { KNOWN_DEVICE_DAYS } from './throttle-limits';

/** Base name of the cookie (lib/http/cookies.ts adds the __Host- prefix on https). */
export const KNOWN_DEVICE_COOKIE = 'known_device';

function mac(userId: string, issuedAt: number): string {
  return createHmac('sha256', getEnv().AUTH_SECRET).update(`known-device:v1:${userId}:${issuedAt}`).digest('base64url');
}

/**
 * The cookie value for a browser that just signed in to this account with its password: the issue
 * time and an HMAC (AUTH_SECRET) over it and the user id. It lets that browser skip the
 * account-wide sign-in delay (SIGN_IN_LIMITS.account), so guessers elsewhere cannot lock the owner out.
 */
export function knownDeviceToken(userId: string, now = Date.now()): string {
  const issuedAt = Math.floor(now / 1000);
  return `${issuedAt}.${mac(userId, issuedAt)}`;
}

export function isKnownDevice(token: unknown, userId: string, now = Date.now()): boolean {
  if (typeof token !== 'string') return false;
  const match = /^(\d{1,12})\.([\w-]{43})$/.exec(token);
  if (!match) return false;
  const issuedAt = Number(match[1]);
  const age = now / 1000 - issuedAt;
  if (age > KNOWN_DEVICE_DAYS * 86_400 || age < -60) return false;
  return safeEqual(match[2], mac(userId, issuedAt));
}
