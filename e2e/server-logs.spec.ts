import { expect as baseExpect, test, type Browser, type Page } from '@playwright/test';
import { uniqueEmail } from './support/db';
import { startAppServer, stopAppServers, type AppServer } from '@/lib/testing/app-server';
import { addVirtualAuthenticator } from './support/pages';
import { startSmtpSink } from './support/smtp-sink';

/**
 * Server-action arguments (passwords, tokens, passkey responses) must never reach the server's
 * output. Next.js logs server-function calls with their arguments in development unless
 * `logging.serverFunctions` is off, so this runs the app as `npm run dev` does (its own port and
 * dist dir, never the production test build's), and as `npm start` does on the test build.
 * Emails go to a local SMTP sink, so the console carries no email either.
 */
const basePort = Number(process.env.E2E_PORT ?? 3100);
// `next dev` compiles each route on its first visit.
const expect = baseExpect.configure({ timeout: 60_000 });

test.afterEach(stopAppServers);
test.describe.configure({ mode: 'serial' });

type Secret = { name: string; value: string };

function linkToken(text: string, pattern: RegExp): string {
  const token = pattern.exec(text)?.[1];
  if (!token) throw new Error(`No link matching ${pattern} in: ${text}`);
  return token;
}

type Sink = Awaited<ReturnType<typeof startSmtpSink>>;

// Fill forms only once their script has loaded (hydrated), or a click would submit them natively.
const opener = (server: AppServer) => (p: Page, path: string) => p.goto(`${server.url}${path}`, { waitUntil: 'networkidle' });
const status = (p: Page) => p.getByRole('main').getByRole('status');

/** Sign-up (a server action with a password) and email verification (a token in the query), through the browser. */
async function signUpAndVerify(page: Page, server: AppServer, sink: Sink, secrets: Secret[]): Promise<string> {
  const open = opener(server);
  const email = uniqueEmail('logs');
  const signUpPassword = `signup-${crypto.randomUUID()}`;
  secrets.push({ name: 'sign-up password', value: signUpPassword });

  await open(page, '/signup');
  await page.getByLabel('Full name').fill('Log Watcher');
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(signUpPassword);
  await page.getByLabel('Organization name').fill(`Logs ${email.slice(5, 13)}`);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(status(page)).toContainText(`we sent a link to ${email}`);
  const verifyToken = linkToken((await sink.waitFor(email, 'Verify your email address')).text, /verify-email\?token=([\w-]+)/);
  secrets.push({ name: 'verification token', value: verifyToken });
  await open(page, `/verify-email?token=${verifyToken}`);
  await expect(status(page)).toHaveText('Your email address is verified. You can sign in now.');
  return email;
}

/**
 * What `next dev` adds to the output is Next's own logging: server-function calls with their
 * arguments and every incoming request's URL (next.config.mjs turns the first off and hides the
 * second for secret-bearing URLs). One server action with a password and one URL of each secret
 * shape cover both switches; the full flows run once, against `npm start`, where our own logging
 * is the same. (Every route `next dev` compiles costs seconds, so dev visits as few as it can.)
 */
async function driveDevSecretFlows(page: Page, server: AppServer, sink: Sink): Promise<Secret[]> {
  // `next dev` compiles a route on its first request (and reloads open pages when it does): ask for them all first.
  await Promise.all(['/signup', '/verify-email', '/invite/warm-up', '/setup/warm-up', '/reset-password'].map(async (path) => (await fetch(`${server.url}${path}`, { redirect: 'manual' })).arrayBuffer()));
  const secrets: Secret[] = [];
  await signUpAndVerify(page, server, sink, secrets);
  for (const [name, path] of [
    ['invite token', '/invite/'],
    ['setup link', '/setup/setup_'],
    ['reset token', '/reset-password?token='],
  ] as const) {
    const value = crypto.randomUUID();
    secrets.push({ name, value });
    await (await fetch(`${server.url}${path}${value}`, { redirect: 'manual' })).arrayBuffer();
  }
  return secrets;
}

/** Sign-up, email verification, password reset, invite acceptance and passkey registration, through the browser. */
async function driveSecretFlows(browser: Browser, page: Page, server: AppServer, sink: Sink): Promise<Secret[]> {
  const open = opener(server);
  const secrets: Secret[] = [];
  const email = await signUpAndVerify(page, server, sink, secrets);

  await open(page, '/forgot-password');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(status(page)).toContainText('we sent a link');
  const resetToken = linkToken((await sink.waitFor(email, 'Reset your password')).text, /reset-password\?token=([\w-]+)/);
  secrets.push({ name: 'reset token', value: resetToken });
  const newPassword = `reset-${crypto.randomUUID()}`;
  secrets.push({ name: 'new password', value: newPassword });
  await open(page, `/reset-password?token=${resetToken}`);
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Confirm new password').fill(newPassword);
  await page.getByRole('button', { name: 'Set new password' }).click();
  await expect(status(page)).toContainText('Your password was changed');

  await open(page, '/login');
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(newPassword);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  const invitee = uniqueEmail('logs-invitee');
  await open(page, '/members');
  await page.getByLabel('Email to invite').fill(invitee);
  await page.getByRole('button', { name: 'Send invite' }).click();
  await expect(status(page)).toContainText('Invite sent');
  const inviteToken = linkToken((await sink.waitFor(invitee, "You're invited to")).text, /\/invite\/([\w-]+)/);
  secrets.push({ name: 'invite token', value: inviteToken });
  const inviteePassword = `invitee-${crypto.randomUUID()}`;
  secrets.push({ name: 'invitee password', value: inviteePassword });
  const guestContext = await browser.newContext();
  const guest = await guestContext.newPage();
  await open(guest, `/invite/${inviteToken}`);
  await guest.getByLabel('Full name').fill('Invited Watcher');
  await guest.getByLabel('Password', { exact: true }).fill(inviteePassword);
  await guest.getByRole('button', { name: /^Join / }).click();
  await expect(status(guest)).toContainText(`we sent a link to ${invitee}`);
  await guestContext.close();

  await addVirtualAuthenticator(page);
  const registrations: string[] = [];
  page.on('request', (request) => {
    const body = request.method() === 'POST' ? request.postData() : null;
    if (body?.includes('attestationObject')) registrations.push(body);
  });
  await open(page, '/account/security');
  await page.getByLabel('Passkey name').fill('Log key');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page.getByRole('status')).toHaveText('Passkey added. You can now sign in with it.');
  expect(registrations).toHaveLength(1);
  for (const field of ['attestationObject', 'clientDataJSON']) {
    const value = new RegExp(`\\\\?"${field}\\\\?":\\\\?"([\\w-]{20,})`).exec(registrations[0])?.[1];
    if (!value) throw new Error(`No ${field} in the registration request: ${registrations[0]}`);
    secrets.push({ name: `passkey ${field}`, value });
  }
  return secrets;
}

function leaked(output: string, secrets: Secret[]): string[] {
  return secrets.filter((s) => output.includes(s.value)).map((s) => s.name);
}

for (const mode of ['dev', 'start'] as const) {
  test(`${mode === 'dev' ? '`npm run dev`' : '`npm start`'} prints no password, token or passkey response`, async ({ browser, page }) => {
    test.setTimeout(mode === 'dev' ? 300_000 : 120_000);
    const sink = await startSmtpSink();
    const env =
      mode === 'dev'
        ? { NEXT_DIST_DIR: '.next-test-dev', DEMO_IDP_PORT: String(basePort + 2), SMTP_URL: sink.url, ALLOW_DEV_OUTBOX: undefined }
        : { SMTP_URL: sink.url, ALLOW_DEV_OUTBOX: undefined };
    const server = await startAppServer(mode, basePort + (mode === 'dev' ? 1 : 3), env);
    let secrets: Secret[];
    try {
      secrets = mode === 'dev' ? await driveDevSecretFlows(page, server, sink) : await driveSecretFlows(browser, page, server, sink);
    } finally {
      await server.stop();
      await sink.close();
    }
    expect(secrets).toHaveLength(mode === 'dev' ? 5 : 8);
    // The capture works: the server's own start-up line is there.
    expect(server.output()).toContain(`[server] ${mode === 'dev' ? 'development' : 'production'} server on ${server.url}`);
    expect(leaked(server.output(), secrets)).toEqual([]);
  });
}
