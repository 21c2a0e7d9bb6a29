import { addDomain, DOMAIN_TXT_PREFIX, domainSchema, listDomains, verifyDomain } from '@/lib/orgs/domains';
import { allowOnly, flag, option } from '../args';
import type { Command } from '../context';
import { emit, table } from '../output';
import { orgFromArgs } from './shared';

export const domainCommands: Record<string, Command> = {
  'domain add': {
    usage: 'domain add --org <slug> --domain <domain>',
    run: async ({ db, args, io, by }) => {
      allowOnly(args, ['org', 'domain']);
      const domain = option(args, 'domain', domainSchema);
      const org = await orgFromArgs(db, args);
      const row = await addDomain(db, org.id, domain, by);
      const record = `${DOMAIN_TXT_PREFIX}${row.verificationToken}`;
      emit(io, args.json, { ...row, txtRecord: record }, [`Added ${domain} to ${org.slug}.`, `To verify it, add this DNS TXT record on ${domain}:`, `  ${record}`]);
    },
  },
  'domain verify': {
    usage: 'domain verify --org <slug> --domain <domain> [--skip-dns]',
    run: async ({ db, args, io, by }) => {
      allowOnly(args, ['org', 'domain', 'skip-dns']);
      const domain = option(args, 'domain', domainSchema);
      const org = await orgFromArgs(db, args);
      const row = await verifyDomain(db, org.id, domain, by, { skipDns: flag(args, 'skip-dns') });
      emit(io, args.json, row, `${domain} is verified for ${org.slug}`);
    },
  },
  'domain list': {
    usage: 'domain list --org <slug>',
    run: async ({ db, args, io }) => {
      allowOnly(args, ['org']);
      const rows = await listDomains(db, (await orgFromArgs(db, args)).id);
      emit(io, args.json, rows, table(rows.map((r) => ({ ...r, verified: r.verifiedAt ? 'yes' : 'no' })), ['domain', 'verified', 'verificationToken']));
    },
  },
};
