import { expect, test, type APIRequestContext, type ConsoleMessage, type Page, type Request } from '@playwright/test';
import { createMemberWithPassword } from './support/db';
import { setupSamlOrg } from './support/idp';
import { expectSignedIn, signInWithPassword } from './support/pages';

type HeaderMap = Record<string, string>;

function nonceIn(csp: string | undefined): string | undefined {
  return /script-src [^;]*'nonce-([A-Za-z0-9+/]+={0,2})'/.exec(csp ?? '')?.[1];
}

function expectSecurityHeaders(headers: HeaderMap) {
  const csp = headers['content-security-policy'] ?? '';
  expect(csp).toMatch(/(^|; )script-src 'self' 'nonce-[A-Za-z0-9+/]+={0,2}' 'strict-dynamic'(;|$)/);
  expect(csp).not.toContain('unsafe-eval');
  for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "connect-src 'self'", "img-src 'self' data: blob:"]) {
    expect(csp).toContain(directive);
  }
  expect(csp).not.toContain('form-action');
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['permissions-policy']).toContain('camera=()');
  expect(headers['permissions-policy']).not.toContain('publickey-credentials');
  // The tests run on http: HSTS there would pin localhost to https.
  expect(headers['strict-transport-security']).toBeUndefined();
}

/**
 * What Chromium prints about our policies: CSP violations ("Refused to …", "… violates the
 * following Content Security Policy directive …") and Permissions-Policy header errors.
 */
function collectPolicyComplaints(page: Page): string[] {
  const complaints: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (/Refused to|Content Security Policy|Permissions-Policy/.test(message.text())) complaints.push(message.text());
  });
  return complaints;
}

async function staticScriptPath(request: APIRequestContext): Promise<string> {
  const html = await (await request.get('/login')).text();
  const path = /src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  if (!path) throw new Error('no /_next/static script on /login');
  return path;
}

test('the sign-in page, an API route and a static asset carry the security headers', async ({ page, request }) => {
  const login = await page.goto('/login');
  expectSecurityHeaders(await login!.allHeaders());
  expectSecurityHeaders((await request.get('/api/health')).headers());
  const asset = await request.get(await staticScriptPath(request));
  expect(asset.status()).toBe(200);
  expectSecurityHeaders(asset.headers());
});

test('the console of a signed-in member carries the security headers', async ({ page }) => {
  const { email, password } = await createMemberWithPassword('member');
  await signInWithPassword(page, email, password);
  await expectSignedIn(page);
  const dashboard = await page.goto('/dashboard');
  expect(dashboard!.url()).toMatch(/\/dashboard$/);
  expectSecurityHeaders(await dashboard!.allHeaders());
});

test('every response gets a fresh nonce, and every script on the page carries it', async ({ request }) => {
  const first = await request.get('/login');
  const second = await request.get('/login');
  const nonce = nonceIn(first.headers()['content-security-policy']);
  expect(nonce).toBeTruthy();
  expect(nonceIn(second.headers()['content-security-policy'])).not.toBe(nonce);

  const scriptTags = (await first.text()).match(/<script\b[^>]*>/g) ?? [];
  expect(scriptTags.length).toBeGreaterThan(0);
  for (const tag of scriptTags) expect(tag).toContain(`nonce="${nonce}"`);
});

test('loading /login and signing in with a password trips no CSP violation', async ({ page }) => {
  const violations = collectPolicyComplaints(page);
  const { email, password } = await createMemberWithPassword('member');
  const login = await page.goto('/login');
  expect(nonceIn(login!.headers()['content-security-policy'])).toBeTruthy();
  await signInWithPassword(page, email, password);
  await expectSignedIn(page);
  expect(violations).toEqual([]);
});

test('a SAML login through the SSO box trips no CSP violation on any of our pages', async ({ page, baseURL }) => {
  const sso = await setupSamlOrg(baseURL!);
  try {
    const violations = collectPolicyComplaints(page);
    const ourPages: { url: string; nonce?: string }[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'document' && response.url().startsWith(baseURL!) && response.status() === 200) {
        ourPages.push({ url: response.url(), nonce: nonceIn(response.headers()['content-security-policy']) });
      }
    });
    await page.goto('/login');
    await page.getByLabel('Work email').fill(sso.email('alice'));
    await page.getByRole('button', { name: 'Continue with SSO' }).click();
    // The first SSO start of a fresh server initialises SAML Jackson: seconds on a loaded machine.
    await expect(page).toHaveURL(new RegExp(`^${sso.idp.url}/saml/sso`), { timeout: 30_000 });
    await page.getByRole('button', { name: new RegExp(sso.email('alice')) }).click();
    await expectSignedIn(page);
    expect(ourPages.map((p) => new URL(p.url).pathname)).toEqual(expect.arrayContaining(['/login', '/login/sso/complete']));
    for (const { url, nonce } of ourPages) expect(nonce, url).toBeTruthy();
    expect(violations).toEqual([]);
  } finally {
    await sso.idp.close();
  }
});

test('markup injected into the page cannot run script, while Next.js scripts still run', async ({ page }) => {
  const violations = collectPolicyComplaints(page);
  // As a reflected XSS would: markup without the nonce inside the real response, headers untouched.
  await page.route('**/login', async (route) => {
    const response = await route.fetch();
    const injected = `<script>window.injected = 'inline script'</script><img src="/missing.png" onerror="window.injected = 'event handler'">`;
    await route.fulfill({ response, body: (await response.text()).replace(/<body[^>]*>/, (body) => body + injected) });
  });
  await page.goto('/login');
  await page.waitForFunction(() => 'next' in window);
  expect(await page.evaluate(() => (window as unknown as { injected?: string }).injected)).toBeUndefined();
  await expect.poll(() => violations.length).toBe(2);
  expect(violations.join('\n')).toMatch(/inline script/i);
  expect(violations.join('\n')).toMatch(/inline event handler/i);
});

test('another site cannot frame the sign-in page', async ({ page, baseURL }) => {
  const violations = collectPolicyComplaints(page);
  await page.setContent(`<iframe title="framed" src="${baseURL}/login"></iframe>`);
  await expect.poll(() => violations.join('\n')).toContain("frame-ancestors 'none'");
  await expect(page.frameLocator('iframe').getByRole('heading', { name: 'Sign in' })).toHaveCount(0);
});

/** A real server action request from the sign-in page ("Continue with SSO"), as the browser sent it. */
async function captureServerAction(page: Page): Promise<Request> {
  await page.goto('/login');
  const action = page.waitForRequest((request) => request.method() === 'POST' && request.headers()['next-action'] !== undefined);
  await page.getByLabel('Work email').fill('nobody@no-sso-here.e2e.test');
  await page.getByRole('button', { name: 'Continue with SSO' }).click();
  return action;
}

test('a server action posted from another origin, or with a null or no Origin, gets 403', async ({ page, request, baseURL }) => {
  const captured = await captureServerAction(page);
  const headers = await captured.allHeaders();
  const replay = (origin?: string) =>
    request.post(captured.url(), {
      headers: {
        'next-action': headers['next-action'],
        'next-router-state-tree': headers['next-router-state-tree'] ?? '',
        'content-type': headers['content-type'] ?? 'text/plain;charset=UTF-8',
        accept: 'text/x-component',
        ...(origin === undefined ? {} : { origin }),
      },
      data: captured.postData() ?? '',
      maxRedirects: 0,
    });

  for (const origin of ['http://evil.example', 'null', undefined]) {
    const refused = await replay(origin);
    expect(refused.status(), `Origin: ${origin}`).toBe(403);
    expect(refused.headers()['content-type']).toMatch(/^text\/plain/);
    expect((await refused.text()).length).toBeLessThan(100);
  }

  const ours = await replay(new URL(baseURL!).origin);
  expect(ours.status()).toBe(200);
});
