import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium package (installed by .ci/run); no browser download. Override with ARFLOW_CHROMIUM. */
export const chromiumPath = process.env['ARFLOW_CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * Why the browser tests cannot run here, or undefined when they can. In CI (CI=true) a missing
 * browser is a failure, never a skip: the launch then fails with its own error.
 */
export function browserSkipReason(): string | undefined {
  if (existsSync(chromiumPath)) return undefined;
  if (process.env['CI'] === 'true' || process.env['CI'] === '1') return undefined;
  return `no Chromium at ${chromiumPath}: install Debian's chromium package (apt-get install chromium) or set ARFLOW_CHROMIUM; skipped locally, fails in CI`;
}

/** Headless Chromium with a fresh profile (Playwright makes a temporary user-data-dir per launch) and nothing that calls home. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Screenshots are test artifacts, git-ignored: test-results/screenshots/ at the repository root. */
export const screenshotFolder = fileURLToPath(new URL('../../../test-results/screenshots/', import.meta.url));

export async function screenshotPath(name: string): Promise<string> {
  await mkdir(screenshotFolder, { recursive: true });
  return join(screenshotFolder, `${name}.png`);
}
