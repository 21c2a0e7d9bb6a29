import { redirect } from 'next/navigation';
import { getRequestContext } from '@/lib/auth/context';

export const dynamic = 'force-dynamic';

export default async function Home() {
  redirect((await getRequestContext()) ? '/dashboard' : '/login');
}
