import fs from 'fs';
import path from 'path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { HarnessStatus } from './host/boot';
import { startHarness, type RunningHarness } from './harness';
import { CHROMIUM_PATH, DASHBOARDS_DIR, SCREENSHOTS_DIR } from './paths';
import { listDashboards } from './server';

export const THEMES = ['dark', 'light'] as const;
export const SIZES = {
  desk: { width: 1600, height: 1000 },
  wall: { width: 1920, height: 1080 },
} as const;
export type SizeName = keyof typeof SIZES;

/** Dashboards opened the way their users open them: the wall display with its documented kiosk URL. */
const URL_PARAMS: Record<string, string> = {
  'tvm-wall': 'orgId=1&kiosk&autofitpanels&_dash.hideTimePicker&_dash.hideVariables&refresh=1m',
};

/**
 * Detail dashboards show one item: open them on the item a user would click first (the top of the list
 * that links to them), read from the service.
 */
const SELECTIONS: Record<string, { variable: string; path: string }> = {
  'tvm-device': { variable: 'device', path: '/api/machines?$top=1&$orderby=exposureScore desc' },
  'tvm-software': { variable: 'software', path: '/api/Software?$top=1&$orderby=exposedMachines desc' },
  'tvm-weaknesses': { variable: 'cve', path: '/api/vulnerabilities?$top=1&$orderby=exposedMachines desc' },
  'tvm-recommendations': { variable: 'recommendation', path: '/api/recommendations?$top=1' },
};

export interface PageResult {
  name: string;
  url: string;
  theme: string;
  size: SizeName;
  screenshot: string;
  status?: HarnessStatus;
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
  /** Everything wrong with the page, one line each; empty when the page is fine. */
  problems: string[];
  ms: number;
}

export interface Target {
  name: string;
  path: string;
  /** Full-page capture (dashboards taller than the screen) or the viewport only (kiosk walls). */
  fullPage: boolean;
  mustFitViewport?: boolean;
}

async function selectionParams(harness: RunningHarness): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [uid, sel] of Object.entries(SELECTIONS)) {
    const res = await fetch(`${harness.service.url}${sel.path.replace(/ /g, '%20')}`, {
      headers: { Authorization: `Bearer ${harness.service.apiKey}` },
    });
    if (!res.ok) {
      throw new Error(`could not pick an item for ${uid}: GET ${sel.path} answered ${res.status} ${await res.text()}`);
    }
    const first = ((await res.json()) as { value: Array<{ id: string }> }).value[0];
    if (first) {
      out[uid] = `var-${sel.variable}=${encodeURIComponent(first.id)}`;
    }
  }
  return out;
}

export async function harnessTargets(harness: RunningHarness): Promise<Target[]> {
  const selections = await selectionParams(harness);
  const targets: Target[] = listDashboards(DASHBOARDS_DIR).map((d) => {
    const query = [URL_PARAMS[d.uid], selections[d.uid]].filter(Boolean).join('&');
    return {
      name: d.key,
      path: `/d/${d.uid}/${d.key}${query ? `?${query}` : ''}`,
      fullPage: !URL_PARAMS[d.uid]?.includes('kiosk'),
      mustFitViewport: URL_PARAMS[d.uid]?.includes('kiosk'),
    };
  });
  targets.push({ name: 'editors', path: '/harness/editors', fullPage: true });
  return targets;
}

function problemsOf(r: Omit<PageResult, 'problems'>, overflow: number | undefined): string[] {
  const out: string[] = [];
  const where = `${r.name} (${r.theme}, ${r.size})`;
  out.push(...r.pageErrors.map((e) => `${where}: page error: ${e}`));
  out.push(...r.consoleErrors.map((e) => `${where}: console error: ${e}`));
  out.push(...r.failedRequests.map((e) => `${where}: failed request: ${e}`));
  const s = r.status;
  if (!s) {
    out.push(`${where}: the page never reported (window.__harness missing): the host page did not start`);
    return out;
  }
  out.push(...s.errors.map((e) => `${where}: ${e}`));
  if (!s.done) {
    const loading = s.panels.filter((p) => p.state === 'Loading').map((p) => `"${p.title}"`);
    out.push(`${where}: did not finish in time; still loading: ${loading.join(', ') || '(page itself)'}`);
  }
  for (const p of s.panels) {
    if (p.state === 'Error') {
      out.push(`${where}: panel "${p.title}" (${p.type}) failed: ${p.error}`);
    } else if (p.state === 'Done' && p.rows === 0 && !p.designedEmpty) {
      out.push(`${where}: panel "${p.title}" (${p.type}) is empty: no rows and no designed empty state${p.notes?.length ? ` [${p.notes.join('; ')}]` : ''}`);
    }
  }
  if (overflow !== undefined && overflow > 0) {
    out.push(`${where}: needs scrolling (${overflow}px taller than the ${SIZES[r.size].height}px screen) but is a kiosk display`);
  }
  return out;
}

async function capture(
  context: BrowserContext,
  baseUrl: string,
  target: Target,
  theme: string,
  size: SizeName,
  outDir: string,
  timeoutMs: number
): Promise<PageResult> {
  const started = Date.now();
  const page: Page = await context.newPage();
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const failedRequests: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      consoleErrors.push(`${msg.text()}${loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
  page.on('requestfailed', (req) => failedRequests.push(`${req.method()} ${req.url()}: ${req.failure()?.errorText}`));
  page.on('response', (res) => {
    if (res.status() >= 400) {
      failedRequests.push(`${res.request().method()} ${res.url()}: ${res.status()} ${res.statusText()}`);
    }
  });
  const sep = target.path.includes('?') ? '&' : '?';
  const url = `${baseUrl}${target.path}${sep}theme=${theme}`;
  const screenshot = path.join(outDir, `${target.name}-${theme}-${size}.png`);
  let status: HarnessStatus | undefined;
  let overflow: number | undefined;
  try {
    // An uncaught error usually means the page will never finish: stop waiting shortly after one.
    const crashed = new Promise<void>((resolve) => page.once('pageerror', () => setTimeout(resolve, 2000)));
    await page.goto(url, { waitUntil: 'load', timeout: timeoutMs });
    await Promise.race([
      crashed,
      page
        .waitForFunction(() => (window as unknown as { __harness?: HarnessStatus }).__harness?.done === true, null, {
          timeout: timeoutMs,
          polling: 100,
        })
        .catch(() => undefined),
    ]);
    // Web fonts, images and chunks requested by the last render, then two frames for layout to settle.
    await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
    await page.evaluate(async () => {
      await document.fonts.ready;
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    });
    status = await page.evaluate(() => (window as unknown as { __harness?: HarnessStatus }).__harness);
    if (target.mustFitViewport) {
      overflow = await page.evaluate(() => document.documentElement.scrollHeight - window.innerHeight);
    }
    await page.screenshot({ path: screenshot, fullPage: target.fullPage });
  } catch (err) {
    pageErrors.push(`harness: ${(err as Error).message}`);
  } finally {
    await page.close();
  }
  const result = { name: target.name, url, theme, size, screenshot, status, consoleErrors, pageErrors, failedRequests, ms: Date.now() - started };
  return { ...result, problems: problemsOf(result, overflow) };
}

export interface ScreenshotOptions {
  outDir?: string;
  themes?: readonly string[];
  sizes?: readonly SizeName[];
  /** Only targets whose name matches. */
  only?: RegExp;
  timeoutMs?: number;
}

/** Every dashboard and the editors page × theme × size, in headless Debian Chromium. */
export async function takeScreenshots(harness: RunningHarness, opts: ScreenshotOptions = {}): Promise<PageResult[]> {
  const outDir = opts.outDir ?? SCREENSHOTS_DIR;
  fs.mkdirSync(outDir, { recursive: true });
  const targets = (await harnessTargets(harness)).filter((t) => !opts.only || opts.only.test(t.name));
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const results: PageResult[] = [];
  try {
    for (const size of opts.sizes ?? (Object.keys(SIZES) as SizeName[])) {
      // One context per size: pages share the HTTP cache (the host bundle loads once), not their state.
      const context = await browser.newContext({ viewport: SIZES[size], deviceScaleFactor: 1 });
      try {
        for (const theme of opts.themes ?? THEMES) {
          for (const target of targets) {
            results.push(await capture(context, harness.url, target, theme, size, outDir, opts.timeoutMs ?? 30_000));
          }
        }
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
  return results;
}

export function summarize(results: PageResult[]): string {
  const lines = results.map(
    (r) =>
      `${r.problems.length ? 'FAIL' : 'ok  '} ${r.name.padEnd(20)} ${r.theme.padEnd(5)} ${r.size.padEnd(4)} ${String(r.ms).padStart(6)} ms  ${path.relative(process.cwd(), r.screenshot)}`
  );
  const problems = [...new Set(results.flatMap((r) => r.problems))];
  return [...lines, '', problems.length ? `${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}` : 'no problems'].join('\n');
}

async function main(): Promise<void> {
  const only = process.argv[2] ? new RegExp(process.argv[2]) : undefined;
  const harness = await startHarness();
  try {
    process.stdout.write(`harness at ${harness.url}; service seeded with ${harness.service.seed}\n`);
    const results = await takeScreenshots(harness, { only });
    fs.writeFileSync(path.join(SCREENSHOTS_DIR, 'report.json'), JSON.stringify(results, null, 2));
    process.stdout.write(`${summarize(results)}\n`);
    process.exitCode = results.some((r) => r.problems.length) ? 1 : 0;
  } finally {
    await harness.close();
  }
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`harness: ${(err as Error).message}\n`);
    process.exit(1);
  });
}
