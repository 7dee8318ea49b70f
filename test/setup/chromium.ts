import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Where Debian's `chromium` package puts the browser; the browser tests launch this one. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** apt can be slow on a cold mirror; past this, the install is called failed. */
const INSTALL_TIMEOUT_MS = 10 * 60_000;

/**
 * The browser tests drive Debian's Chromium (a test tool's own browser download cannot be
 * fetched on these machines): install it with apt when it is missing. Needs root and
 * Debian's package mirror; when either is missing, fails with what to do.
 */
export default function installChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  const apt = (...args: string[]): void => {
    execFileSync('apt-get', args, {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: INSTALL_TIMEOUT_MS,
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  };
  try {
    apt('update');
    apt('install', '-y', '--no-install-recommends', 'chromium');
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(
      [
        `the browser tests need Chromium at ${CHROMIUM_PATH}, and installing it failed`,
        '(run as root: apt-get update && apt-get install -y chromium).',
        stderr || (error as Error).message,
      ].join('\n'),
    );
  }
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`apt-get installed chromium, but there is no ${CHROMIUM_PATH}`);
  }
}
