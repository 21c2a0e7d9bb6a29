import { getDb } from '@/lib/db/client';
import { authenticateApiKey } from '@/lib/gateway/api-keys';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

function unauthorized(message: string) {
  return Response.json({ error: { type: 'invalid_api_key', message } }, { status: 401, headers: { 'WWW-Authenticate': 'Bearer' } });
}

/** The gateway's key check: 200 with the key's user and project, 401 once the key or its owner is disabled. */
export async function GET(request: Request) {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) return unauthorized('Send your API key as "Authorization: Bearer <key>".');
  const found = await authenticateApiKey(getDb(), match[1]);
  if (!found) return unauthorized('This API key is invalid, disabled, or its owner no longer has access.');
  return Response.json({
    user: found.user,
    project: found.project,
    organization: found.org,
    role: found.role,
    key: { id: found.keyId, name: found.keyName, prefix: found.keyPrefix },
  });
}
