import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { AddDomainForm } from './add-domain-form';
import { DomainItem } from './domain-item';
import type { DomainView } from './domain-view';

/** The Domains page body, shared by the console and the setup portal (the actions accept both). */
export function DomainsPanel({ domains }: { domains: DomainView[] }) {
  return (
    <>
      <Card title="Add a domain" description="SSO sign-in works only for email addresses on domains your organization has verified with a DNS TXT record.">
        <AddDomainForm />
      </Card>
      <section aria-labelledby="domains-list-heading" className="space-y-3">
        <h2 id="domains-list-heading" className="text-base font-semibold text-slate-900">
          Your domains
        </h2>
        {domains.length === 0 ? (
          <EmptyState title="No domains yet." description="Add the domain of your people’s email addresses, create its TXT record, and verify it." />
        ) : (
          <ul className="space-y-3">
            {domains.map((domain) => (
              <li key={domain.id}>
                <DomainItem domain={domain} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
