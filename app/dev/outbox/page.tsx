import { desc } from 'drizzle-orm';
import { notFound } from 'next/navigation';
import { getDb } from '@/lib/db/client';
import { devOutbox } from '@/lib/db/schema';
import { servesDevOutbox } from '@/lib/env';

export const dynamic = 'force-dynamic';

/** Emails captured without SMTP_URL, for `npm run dev` only: a production build never serves it (anyone could read reset links). */
export default async function DevOutboxPage() {
  if (!servesDevOutbox()) notFound();
  const emails = await getDb().select().from(devOutbox).orderBy(desc(devOutbox.id)).limit(50);
  return (
    <main className="mx-auto max-w-3xl space-y-4 px-6 py-8">
      <h1 className="text-2xl font-semibold">Dev outbox</h1>
      <p className="text-sm text-slate-600">Emails are printed here and to the server console because SMTP_URL is not set.</p>
      {emails.length === 0 ? <p className="text-sm text-slate-500">No emails yet.</p> : null}
      {emails.map((email) => (
        <article key={email.id} aria-label={`Email to ${email.to}: ${email.subject}`} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
          <header className="text-sm">
            <div>
              <strong>{email.subject}</strong>
            </div>
            <div className="text-slate-500">
              To {email.to} · {email.createdAt.toISOString().replace('T', ' ').slice(0, 19)}
            </div>
          </header>
          <pre className="mt-3 whitespace-pre-wrap break-all text-sm">
            {email.text.split(/(https?:\/\/\S+)/g).map((part, i) =>
              /^https?:\/\//.test(part) ? (
                <a key={i} href={part} className="text-brand-700 underline">
                  {part}
                </a>
              ) : (
                part
              ),
            )}
          </pre>
        </article>
      ))}
    </main>
  );
}
