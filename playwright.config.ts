import fs from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;
// The DNS server the domain specs start (lib/testing/dns-server.ts) listens here; workers inherit it.
process.env.E2E_DNS_PORT ??= String(port + 53);
// Links the specs make with the domain functions (setup links, invites) point at the app under test.
process.env.APP_URL = baseURL;
// Debian's Chromium when present (the CI machines); otherwise Playwright's own browser.
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => fs.existsSync(path));

export default defineConfig({
  testDir: './e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? systemChromium,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    // `npm start`'s path: our HTTP server in front of the production build (it sees the socket address).
    command: 'node --import tsx lib/server/boot.ts start',
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    env: {
      PORT: String(port),
      APP_URL: baseURL,
      NEXTAUTH_URL: baseURL,
      // Tests read emails from the dev_outbox table instead of an SMTP server (the /dev/outbox page stays 404).
      ALLOW_DEV_OUTBOX: '1',
      NEXT_TELEMETRY_DISABLED: '1',
      // The test IdPs serve their metadata on this machine, and "Verify now" asks the DNS server
      // the domain specs start on E2E_DNS_PORT.
      ALLOW_PRIVATE_METADATA_URLS: '1',
      DNS_SERVERS: `127.0.0.1:${process.env.E2E_DNS_PORT}`,
    },
  },
});
