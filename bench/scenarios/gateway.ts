import { httpLoad } from '../support/http-load';

/** `/api/v1/me` with an API key, at concurrency 16: the key check every gateway request pays. */
export async function runGateway(origin: string, apiKey: string, seconds: number) {
  const request = () => ({ path: '/api/v1/me', headers: { Authorization: `Bearer ${apiKey}` } });
  await httpLoad({ origin, connections: 16, amount: 200, request }); // warm-up, not measured
  return httpLoad({
    origin,
    connections: 16,
    seconds,
    request,
  });
}
