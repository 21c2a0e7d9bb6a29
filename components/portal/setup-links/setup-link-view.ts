export type SetupLinkStatus = 'live' | 'expired' | 'revoked';

/** A setup link as the "IT admin setup" page lists it (never its token: that is shown once, at creation). */
export type SetupLinkView = {
  id: string;
  label: string;
  createdBy: string | null;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  status: SetupLinkStatus;
};
