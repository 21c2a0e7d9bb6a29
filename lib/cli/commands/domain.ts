import { getOrgOrThrow } from '@/lib/orgs/organizations';
import { addDomain, DOMAIN_TXT_PREFIX, domainSchema, listDomains, verifyDomain } from '@/lib/orgs/domains';
import { flag, option } from '../args';
import type { Command } from '../context';
import { emit, table } from '../output';
import { orgOption } from './shared';

export const domainCommands: Record<string, Command> = {
  'domain add': {
    usage: 'domain add --org <slug> --domain <domain>',
    options: { org: 'string', domain: 'string' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      const domain = option(values, 'domain', domainSchema);
      return async ({ db, io, json, by }) => {
        const org = await getOrgOrThrow(db, slug);
        const row = await addDomain(db, org.id, domain, by);
        const txtRecord = `${DOMAIN_TXT_PREFIX}${row.verificationToken}`;
        emit(io, json, { ...row, txtRecord }, [
          `Added ${domain} to ${org.slug}.`,
          `To verify it, add this DNS TXT record on ${domain}, then run domain verify:`,
          `  ${txtRecord}`,
        ]);
      };
    },
  },
  'domain verify': {
    usage: 'domain verify --org <slug> --domain <domain> [--skip-dns]   (--skip-dns: the operator vouches for the domain)',
    options: { org: 'string', domain: 'string', 'skip-dns': 'boolean' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      const domain = option(values, 'domain', domainSchema);
      const skipDns = flag(values, 'skip-dns');
      return async ({ db, io, json, by }) => {
        const org = await getOrgOrThrow(db, slug);
        const row = await verifyDomain(db, org.id, domain, by, { skipDns });
        emit(io, json, row, `${domain} is verified for ${org.slug}`);
      };
    },
  },
  'domain list': {
    usage: 'domain list --org <slug>',
    options: { org: 'string' },
    prepare: (values) => {
      const slug = option(values, 'org', orgOption);
      return async ({ db, io, json }) => {
        const rows = await listDomains(db, (await getOrgOrThrow(db, slug)).id);
        const shown = rows.map((r) => ({ ...r, verified: r.verifiedAt ? r.verifiedAt.toISOString() : 'no', txtRecord: `${DOMAIN_TXT_PREFIX}${r.verificationToken}` }));
        emit(io, json, rows, table(shown, ['domain', 'verified', 'txtRecord']));
      };
    },
  },
};
