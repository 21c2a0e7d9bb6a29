import NextAuth, { getServerSession } from 'next-auth';
import { encode } from 'next-auth/jwt';
import { afterEach, describe, expect, it, vi } from 'vitest';

/** getAuthOptions with APP_URL set; fresh modules, because getEnv() caches the environment. */
async function authOptionsFor(appUrl: string) {
  vi.stubEnv('APP_URL', appUrl);
  vi.stubEnv('NEXTAUTH_URL', appUrl);
  vi.resetModules();
  const { getAuthOptions } = await import('./options');
  return getAuthOptions();
}

type AuthOptions = Awaited<ReturnType<typeof authOptionsFor>>;

/** A response object that keeps what next-auth writes to it. */
function recordingResponse() {
  const headers = new Map<string, unknown>();
  const response = {
    headers,
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), value),
    status: () => response,
    send: () => response,
    json: () => response,
    end: () => response,
  };
  return response;
}

/** The session getServerSession finds for these cookies. */
function sessionFor(options: AuthOptions, cookies: Record<string, string>) {
  return getServerSession({ cookies, headers: { host: 'localhost' } } as never, recordingResponse() as never, options);
}

/** The Set-Cookie headers of next-auth's /api/auth/csrf answer (csrf token, then callback URL). */
async function csrfCookies(options: AuthOptions): Promise<string[]> {
  const response = recordingResponse();
  await NextAuth({ query: { nextauth: ['csrf'] }, method: 'GET', cookies: {}, headers: { host: 'console.example.com' }, body: {} } as never, response as never, options);
  return response.headers.get('set-cookie') as string[];
}

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('next-auth cookies', () => {
  it('on https are Secure with the __Host- prefix, and the session is read back under that name', async () => {
    const options = await authOptionsFor('https://console.example.com');
    for (const cookie of [options.cookies?.sessionToken, options.cookies?.callbackUrl, options.cookies?.csrfToken]) {
      expect(cookie?.name).toMatch(/^__Host-next-auth\./);
      expect(cookie?.options).toMatchObject({ secure: true, httpOnly: true, sameSite: 'lax', path: '/' });
      expect(cookie?.options).not.toHaveProperty('domain');
    }
    const jwt = await encode({ token: { sid: 'session-1' }, secret: options.secret! });
    expect(await sessionFor(options, { '__Host-next-auth.session-token': jwt })).toMatchObject({ sid: 'session-1' });
    expect(await sessionFor(options, { 'next-auth.session-token': jwt })).toBeNull();
  });

  it("are what next-auth's route sets on https", async () => {
    expect(await csrfCookies(await authOptionsFor('https://console.example.com'))).toEqual([
      expect.stringMatching(/^__Host-next-auth\.csrf-token=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/),
      expect.stringMatching(/^__Host-next-auth\.callback-url=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax$/),
    ]);
  });

  it('keep their plain names on http (local development, tests)', async () => {
    const options = await authOptionsFor('http://localhost:3000');
    expect(options.cookies?.sessionToken).toEqual({ name: 'next-auth.session-token', options: { httpOnly: true, sameSite: 'lax', secure: false, path: '/' } });
    expect(options.cookies?.callbackUrl?.name).toBe('next-auth.callback-url');
    expect(options.cookies?.csrfToken?.name).toBe('next-auth.csrf-token');
    const jwt = await encode({ token: { sid: 'session-2' }, secret: options.secret! });
    expect(await sessionFor(options, { 'next-auth.session-token': jwt })).toMatchObject({ sid: 'session-2' });
    expect(await csrfCookies(options)).toEqual([
      expect.stringMatching(/^next-auth\.csrf-token=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/),
      expect.stringMatching(/^next-auth\.callback-url=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/),
    ]);
  });
});
