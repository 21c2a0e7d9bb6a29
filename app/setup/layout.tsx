import type { Metadata } from 'next';
import type { ReactNode } from 'react';

export const metadata: Metadata = { title: 'Single sign-on setup · LLM Gateway', robots: { index: false, follow: false } };

/** The setup portal (a setup link's holder, no account): each page checks the link itself, per request. */
export default function SetupLayout({ children }: { children: ReactNode }) {
  return children;
}
