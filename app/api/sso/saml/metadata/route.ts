import { getJackson } from '@/lib/sso/jackson';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** SP metadata for IdP admins: entity id, ACS URL, NameID format. */
export async function GET() {
  const jackson = await getJackson();
  const xml = await jackson.spConfig.toXMLMetadata();
  return new Response(xml, { headers: { 'Content-Type': 'application/xml; charset=utf-8' } });
}
