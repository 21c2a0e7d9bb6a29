import { serviceProviderConfig } from '@/lib/scim/discovery';
import { scimRoute } from '@/lib/scim/http';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export const GET = scimRoute(async ({ baseUrl }) => ({ status: 200, body: serviceProviderConfig(baseUrl) }));
