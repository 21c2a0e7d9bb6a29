import { sql } from 'drizzle-orm';
import { getDb } from '@/lib/db/client';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function GET() {
  const started = Date.now();
  try {
    await getDb().execute(sql`select 1`);
    return Response.json({ status: 'ok', database: { status: 'ok', latencyMs: Date.now() - started } });
  } catch {
    return Response.json({ status: 'degraded', database: { status: 'unreachable' } }, { status: 503 });
  }
}
