import { randomBytes } from 'node:crypto';
import { passwordSchema } from '@/lib/auth/password';
import { createUser } from '@/lib/users/create-user';
import { emailSchema, nameSchema } from '@/lib/users/normalize';
import { allowOnly, option } from '../args';
import type { Command } from '../context';
import { emit } from '../output';

export const userCommands: Record<string, Command> = {
  'user create': {
    usage: 'user create --email <email> --name <name> [--password <password>]   (a password is generated and shown once when omitted)',
    run: async ({ db, args, io }) => {
      allowOnly(args, ['email', 'name', 'password']);
      const email = option(args, 'email', emailSchema);
      const name = option(args, 'name', nameSchema);
      const given = option(args, 'password', passwordSchema.optional());
      const password = given ?? randomBytes(15).toString('base64url');
      const user = await createUser(db, { email, name, password, emailVerified: true });
      const data = { id: user.id, email: user.email, name: user.name, ...(given ? {} : { password }) };
      emit(io, args.json, data, given ? `Created user ${user.email}` : [`Created user ${user.email}`, `Password (shown once): ${password}`]);
    },
  },
};
