/** A domain as the Domains page shows it: plain, serialisable props (the console and the setup portal). */
export type DomainView = {
  id: string;
  domain: string;
  /** The DNS record that proves control of the domain. */
  record: { type: 'TXT'; name: string; value: string };
  createdAt: string;
  verifiedAt: string | null;
  /** The last "Verify now" that failed, while the domain is still unverified. */
  lastFailure: { checkedAt: string; message: string } | null;
};
