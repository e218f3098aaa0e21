import { defineConfig } from '@playwright/test';

/**
 * The console's browser tests: Debian's chromium (never a downloaded browser) against a real
 * Strongroom server on a fresh PostgreSQL database (global-setup.ts). `npm run test:console`.
 * Playwright launches the browser with a fresh temporary profile (user data dir) every time.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './global-setup.ts',
  // One worker: the machine has two cores, shared by the server, PostgreSQL and the browser.
  workers: 1,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: '../../test-results/console',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    viewport: { width: 1280, height: 860 },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
});
