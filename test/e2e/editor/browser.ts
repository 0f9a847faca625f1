/**
 * Debian's Chromium driven by playwright-core for the editor test: the launch, a screenshot of every step into
 * artifacts/editor/, and failures that say what the page, n8n and the sandbox were doing.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, selectors, type BrowserContext, type Locator, type Page } from 'playwright-core';

const REPO_ROOT = path.resolve(__dirname, '../../..');
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'artifacts', 'editor');

// Chromium reaches for Google's services at start; these machines have no network but the registries.
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const VIEWPORT = { width: 1440, height: 900 };
// Transient overlays that cover what a panel picture shows: toasts, and n8n's hint tooltips, both the dark
// element-plus poppers (dropdowns are light) and reka-ui tooltips (a popper holding a role="tooltip" element).
const HIDE_OVERLAYS =
  '.el-notification, .el-popper.is-dark, [data-reka-popper-content-wrapper]:has([role="tooltip"]) { visibility: hidden !important; }';
const MESSAGES_KEPT = 20;

/** Debian's Chromium from scripts/tools.mjs, which installs it with apt-get when it is missing. */
export function ensureChromium(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'tools.mjs'), 'chromium'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out.trim().split('\n').pop() ?? '') : reject(new Error(`tools.mjs chromium exited ${code}`)),
    );
  });
}

export interface EditorBrowser {
  readonly page: Page;
  /** Saves a full-page screenshot as the next numbered artefact; returns its path. */
  shot(name: string): Promise<string>;
  /** Saves the part of the page around `parts` (with a margin, at most `maxHeight` tall), for pictures of one
   *  panel; toasts and hint tooltips are left out. */
  shotOf(name: string, parts: Locator[], maxHeight?: number): Promise<string>;
  /** Runs one step of the test; a failure gets a screenshot and `context()` (n8n's log, the sandbox) appended. */
  step<T>(name: string, work: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Starts Chromium with a fresh profile; screenshots go to artifacts/editor/ (emptied first). */
export async function launchBrowser(baseURL: string, context: () => string): Promise<EditorBrowser> {
  const executablePath = await ensureChromium();
  fs.rmSync(ARTIFACTS_DIR, { recursive: true, force: true });
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'linkhooks-chromium-'));
  // n8n marks its elements with data-test-id (Playwright's getByTestId reads data-testid by default).
  selectors.setTestIdAttribute('data-test-id');
  let browserContext: BrowserContext;
  try {
    browserContext = await chromium.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      chromiumSandbox: false,
      args: CHROMIUM_FLAGS,
      viewport: VIEWPORT,
      baseURL,
    });
  } catch (error) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  browserContext.setDefaultTimeout(30_000);
  const page = browserContext.pages()[0] ?? (await browserContext.newPage());

  const messages: string[] = [];
  const keep = (line: string): void => {
    messages.push(line.slice(0, 400));
    if (messages.length > MESSAGES_KEPT) messages.shift();
  };
  page.on('pageerror', (error) => keep(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') keep(`console: ${message.text()}`);
  });

  let counter = 0;
  const fileFor = (name: string): string => {
    counter += 1;
    return path.join(ARTIFACTS_DIR, `${String(counter).padStart(2, '0')}-${name}.png`);
  };

  const browser: EditorBrowser = {
    page,
    async shot(name) {
      const file = fileFor(name);
      await page.screenshot({ path: file, animations: 'disabled' });
      return file;
    },
    async shotOf(name, parts, maxHeight = VIEWPORT.height) {
      const boxes = await Promise.all(parts.map((part) => part.boundingBox()));
      const visible = boxes.filter((box): box is NonNullable<typeof box> => box !== null);
      if (visible.length === 0) throw new Error(`nothing to take a picture of for ${name}`);
      const margin = 8;
      const left = Math.max(0, Math.min(...visible.map((box) => box.x)) - margin);
      const top = Math.max(0, Math.min(...visible.map((box) => box.y)) - margin);
      const right = Math.min(VIEWPORT.width, Math.max(...visible.map((box) => box.x + box.width)) + margin);
      const bottom = Math.min(VIEWPORT.height, top + maxHeight, Math.max(...visible.map((box) => box.y + box.height)) + margin);
      const file = fileFor(name);
      const clip = { x: left, y: top, width: right - left, height: bottom - top };
      await page.screenshot({ path: file, clip, animations: 'disabled', style: HIDE_OVERLAYS });
      return file;
    },
    async step(name, work) {
      try {
        return await work();
      } catch (error) {
        const picture = path.join(ARTIFACTS_DIR, `FAILED-${name}.png`);
        await page.screenshot({ path: picture }).catch(() => undefined);
        const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
        throw new Error(
          `step "${name}" failed: ${reason}\n\nscreenshot: ${picture}\npage: ${page.url()}\n` +
            `browser messages:\n${messages.join('\n') || '(none)'}\n\n${context()}`,
        );
      }
    },
    async close() {
      await browserContext.close().catch(() => undefined);
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
  return browser;
}
