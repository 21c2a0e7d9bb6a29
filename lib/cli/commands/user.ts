import { randomBytes } from 'node:crypto';
import { passwordSchema } from '@/lib/auth/password';
import { createUser } from '@/lib/users/create-user';
import { emailSchema, nameSchema } from '@/lib/users/normalize';
import { option } from '../args';
import type { Command } from '../context';
import { emit } from '../output';

/** 15 random bytes → 20 base64url characters (120 bits). */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

export const userCommands: Record<string, Command> = {
  'user create': {
    usage: 'user create --email <email> --name <name> [--password <password>]   (without --password one is generated and shown once)',
    options: { email: 'string', name: 'string', password: 'string' },
    prepare: (values) => {
      const email = option(values, 'email', emailSchema);
      const name = option(values, 'name', nameSchema);
      const given = option(values, 'password', passwordSchema.optional());
      return async ({ db, io, json }) => {
        const password = given ?? generatePassword();
        // One transaction: a user row never exists without its password credential.
        const user = await db.transaction((tx) => createUser(tx, { email, name, password, emailVerified: true }));
        const data = { id: user.id, email: user.email, name: user.name, ...(given ? {} : { password }) };
        emit(io, json, data, given ? `Created user ${user.email}` : [`Created user ${user.email}`, `Password (shown once, store it now): ${password}`]);
      };
    },
  },
};
