import { UserFacingError } from "@/lib/errors";
import { eq } from 'drizzle-orm';
import { hashPassword } from '@/lib/auth/password';
import type { Executor } from '@/lib/db/client';
import { passwordCredentials, users } from '@/lib/db/schema';

export class UserExistsError extends UserFacingError {
  constructor(email: string) {
    super(`An account with ${email} already exists`);
  }
}

export async function findUserByEmail(db: Executor, email: string) {
  const [user] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  return user;
}

/** Creates a user (email already normalised) with an optional password credential. */
export async function createUser(
  db: Executor,
  input: { email: string; name: string; password?: string; emailVerified?: boolean },
) {
  if (await findUserByEmail(db, input.email)) throw new UserExistsError(input.email);
  const [user] = await db
    .insert(users)
    .values({ email: input.email.toLowerCase(), name: input.name, emailVerifiedAt: input.emailVerified ? new Date() : null })
    .returning();
  if (input.password) await db.insert(passwordCredentials).values({ userId: user.id, hash: await hashPassword(input.password) });
  return user;
}

export async function setUserPassword(db: Executor, userId: string, password: string): Promise<void> {
  const hash = await hashPassword(password);
  await db
    .insert(passwordCredentials)
    .values({ userId, hash })
    .onConflictDoUpdate({ target: passwordCredentials.userId, set: { hash, deactivatedAt: null, updatedAt: new Date() } });
}
