import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A high-entropy secret such as `gw_…`; shown once, stored only as its hash. */
export function generateSecret(prefix: string, bytes = 32): string {
  return `${prefix}${randomBytes(bytes).toString('base64url')}`;
}

/** SHA-256 is right for random 256-bit secrets (unlike passwords, they cannot be guessed). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
