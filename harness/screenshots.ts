import fs from 'fs';
import path from 'path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { DashboardSummary, HarnessStatus } from './host/boot';
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

/** The dashboard a harness URL opens, if any. */
function dashboardUid(href: string): string | undefined {
  return /^(?:https?:\/\/[^/]+)?\/d\/([^/?#]+)/.exec(href)?.[1];
}

/** How much a link selects on its target: the variables it sets besides the device-group scope. */
function selects(href: string): number {
  const query = href.includes('?') ? href.slice(href.indexOf('?') + 1) : '';
  return new Set([...new URLSearchParams(query).keys()].filter((k) => k.startsWith('var-') && k !== 'var-group')).size;
}

function targetFor(d: DashboardSummary, linkQuery: string | undefined): Target {
  const kiosk = URL_PARAMS[d.uid];
  const query = [kiosk, linkQuery].filter(Boolean).join('&');
  return {
    name: d.key,
    path: `/d/${d.uid}/${d.key}${query ? `?${query}` : ''}`,
    fullPage: !kiosk?.includes('kiosk'),
    mustFitViewport: kiosk?.includes('kiosk'),
  };
}

function problemsOf(r: Omit<PageResult, 'problems'>, overflow: number | undefined): string[] {
  const out: string[] = [];
  const where = `${r.name} (${r.theme}, ${r.size})`;
  out.push(...r.pageErrors.map((e) => `${where}: page error: ${e}`));
  const titles = new Map((r.status?.panels ?? []).map((p) => [`harness-panel-${p.id}`, `panel "${p.title}"`]));
  const named = (e: string) => e.replace(/harness-panel-\d+/g, (id) => titles.get(id) ?? id);
  out.push(...r.consoleErrors.map((e) => `${where}: console error: ${named(e)}`));
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
      out.push(
        `${where}: panel "${p.title}" (${p.type}) is empty: no rows and no designed empty state${p.notes?.length ? ` [${p.notes.join('; ')}]` : ''}`
      );
    }
  }
  if (overflow !== undefined && overflow > 0) {
    out.push(
      `${where}: needs scrolling (${overflow}px taller than the ${SIZES[r.size].height}px screen) but is a kiosk display`
    );
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
    if (msg.type() === 'warning' && msg.text().startsWith('harness:')) {
      consoleErrors.push(msg.text());
    } else if (msg.type() === 'error') {
      const loc = msg.location();
      consoleErrors.push(`${msg.text()}${loc.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => pageErrors.push(err.stack ?? err.message));
  page.on('requestfailed', (req) => {
    // A request the page cancelled itself (an unmounted icon, a superseded query) is not a failure.
    if (req.failure()?.errorText !== 'net::ERR_ABORTED') {
      failedRequests.push(`${req.method()} ${req.url()}: ${req.failure()?.errorText}`);
    }
  });
  // Requests still open (icons, fonts, chunks a late render asked for): the screenshot waits for none.
  let inFlight = 0;
  let lastChange = Date.now();
  const settle = (delta: number) => {
    inFlight += delta;
    lastChange = Date.now();
  };
  page.on('request', () => settle(1));
  page.on('requestfinished', () => settle(-1));
  page.on('requestfailed', () => settle(-1));
  const networkQuiet = async (quietMs = 150, timeout = 10_000) => {
    const end = Date.now() + timeout;
    while (Date.now() < end && (inFlight > 0 || Date.now() - lastChange < quietMs)) {
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  page.on('response', (res) => {
    if (res.status() >= 400) {
      failedRequests.push(`${res.request().method()} ${res.url()}: ${res.status()} ${res.statusText()}`);
    }
  });
  // Chrome reports a negative SVG size as a bare console error; name the panel that rendered it.
  await page.addInitScript(() => {
    const set = Element.prototype.setAttribute;
    Element.prototype.setAttribute = function (name: string, value: string) {
      if ((name === 'width' || name === 'height') && Number(value) < 0) {
        const panel = this.closest('[data-testid^="harness-panel-"]')?.getAttribute('data-testid');
        console.warn(`harness: <${this.tagName.toLowerCase()}> ${name}=${value} in ${panel ?? 'no panel'}`);
      }
      return set.call(this, name, value);
    };
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
    await networkQuiet();
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
  const result = {
    name: target.name,
    url,
    theme,
    size,
    screenshot,
    status,
    consoleErrors,
    pageErrors,
    failedRequests,
    ms: Date.now() - started,
  };
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

/** The dashboard users land on first: the crawl starts there. */
const START_UID = 'tvm-overview';

/**
 * Every dashboard and the editors page × theme × size, in headless Debian Chromium. The first pass
 * clicks through like a user: it starts at the landing dashboard, and each dashboard a page links to
 * with a selection (a device, a CVE, a recommendation) opens with the first row's link to it. The other
 * passes open the same URLs.
 */
export async function takeScreenshots(harness: RunningHarness, opts: ScreenshotOptions = {}): Promise<PageResult[]> {
  const outDir = opts.outDir ?? SCREENSHOTS_DIR;
  fs.mkdirSync(outDir, { recursive: true });
  const dashboards = listDashboards(DASHBOARDS_DIR);
  const wanted = (name: string) => !opts.only || opts.only.test(name);
  const editors: Target = { name: 'editors', path: '/harness/editors', fullPage: true };
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const results: PageResult[] = [];
  const sizes = opts.sizes ?? (Object.keys(SIZES) as SizeName[]);
  const themes = opts.themes ?? THEMES;
  const timeout = opts.timeoutMs ?? 30_000;
  let targets: Target[] | undefined;
  try {
    for (const size of sizes) {
      // One context per size: pages share the HTTP cache (the host bundle loads once), not their state.
      const context = await browser.newContext({ viewport: SIZES[size], deviceScaleFactor: 1 });
      try {
        for (const theme of themes) {
          const run = (t: Target) => capture(context, harness.url, t, theme, size, outDir, timeout);
          if (!targets) {
            targets = [];
            const linkTo = new Map<string, string>();
            const queue = [dashboards.find((d) => d.uid === START_UID) ?? dashboards[0]].filter(Boolean);
            const seen = new Set<string>();
            const visit = async (d: DashboardSummary) => {
              seen.add(d.uid);
              const target = targetFor(d, linkTo.get(d.uid));
              targets!.push(target);
              const result = await run(target);
              results.push(result);
              for (const href of (result.status?.panels ?? []).flatMap((p) => p.links ?? [])) {
                const uid = dashboardUid(href);
                const next = dashboards.find((x) => x.uid === uid);
                // The most specific first-row link wins (a recommendation and its product over a category).
                const current = linkTo.get(next?.uid ?? '');
                if (next && !seen.has(next.uid) && selects(href) > (current ? selects(`?${current}`) : 0)) {
                  linkTo.set(next.uid, href.slice(href.indexOf('?') + 1));
                  queue.push(next);
                }
              }
            };
            while (queue.length) {
              const d = queue.shift()!;
              if (!seen.has(d.uid) && wanted(d.key)) {
                await visit(d);
              }
            }
            for (const d of dashboards.filter((x) => !seen.has(x.uid) && wanted(x.key))) {
              await visit(d);
            }
            if (wanted(editors.name)) {
              targets.push(editors);
              results.push(await run(editors));
            }
          } else {
            for (const target of targets) {
              results.push(await run(target));
            }
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
  return [
    ...lines,
    '',
    problems.length ? `${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}` : 'no problems',
  ].join('\n');
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
