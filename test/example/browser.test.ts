import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_PATH } from '../setup/chromium.js';
import { saveUntil } from '../support/waiting.js';
import { useExampleApp } from './example-app.js';

const { start } = useExampleApp();

const LAUNCH_TIMEOUT_MS = 30_000;
const PAGE_TIMEOUT_MS = 10_000;
const UPDATE_TIMEOUT_MS = 15_000;
/** The page may still be connecting its event stream when the first save lands: save again after this long. */
const RESAVE_AFTER_MS = 2_000;
/** The app's start (15 s at most), the page's load and the update's wait, each bounded on its own. */
const TEST_TIMEOUT_MS = 60_000;

/** As the machine's notes say: without the networking switches, Chromium knocks on a closed network. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let browser: BrowserContext | undefined;
let profileDir: string | undefined;

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`no ${CHROMIUM_PATH}: vitest's globalSetup test/setup/chromium.ts installs it`);
  }
  profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hot-node-chromium-'));
  // A persistent context is how Playwright takes a fresh --user-data-dir.
  browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: LAUNCH_TIMEOUT_MS,
  });
  browser.setDefaultTimeout(PAGE_TIMEOUT_MS);
});

afterAll(async () => {
  await browser?.close();
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true, maxRetries: 5 });
});

/** The headline as the page shows it now; `undefined` while the page is between two documents. */
async function headline(page: Page): Promise<string | undefined> {
  try {
    return (await page.locator('#headline').textContent({ timeout: 500 })) ?? undefined;
  } catch {
    return undefined;
  }
}

describe('the SSR example in Chromium', () => {
  it('shows an edit of a route by itself: the live-reload client reloads the page', {
    timeout: TEST_TIMEOUT_MS,
  }, async () => {
    const app = await start();
    const page = await browser!.newPage();
    const loads: string[] = [];
    page.on('load', () => loads.push(page.url()));
    const clientLines: string[] = [];
    page.on('console', (message) => {
      if (message.text().startsWith('[hot-node]')) clientLines.push(message.text());
    });
    await page.goto(app.url);
    expect(await headline(page)).toBe('Hello from a hot server');
    const pid = await page.locator('#pid').textContent();

    const file = app.file('src/routes/home.tsx');
    const source = fs.readFileSync(file, 'utf8');
    await saveUntil({
      write: (content) => fs.writeFileSync(file, content),
      content: source.replace("'Hello from a hot server'", "'Edited, seen in the browser'"),
      applied: async () => (await headline(page)) === 'Edited, seen in the browser',
      describe: () => `the page did not show the edit\n--- stderr\n${app.stderr()}`,
      timeoutMs: UPDATE_TIMEOUT_MS,
      resaveAfterMs: RESAVE_AFTER_MS,
    });

    // The test never reloaded: the page did, after the client heard of the update.
    expect(loads.length).toBeGreaterThanOrEqual(2);
    expect(clientLines.some((line) => line.startsWith('[hot-node] updated'))).toBe(true);
    // Same process: the server was updated in place.
    expect(await page.locator('#pid').textContent()).toBe(pid);
    await page.close();
  });
});
