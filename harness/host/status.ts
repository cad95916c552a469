import type { HarnessStatus, PanelReport } from './boot';

declare global {
  interface Window {
    __harness: HarnessStatus;
  }
}

/**
 * The page's report to the screenshot runner: one entry per panel (or editor), done once every entry has
 * left the Loading state and the page itself has nothing pending.
 */
export function resetStatus(page: string): void {
  window.__harness = { page, done: false, panels: [], errors: [] };
}

export function reportPanel(report: PanelReport): void {
  const panels = window.__harness.panels;
  const i = panels.findIndex((p) => p.id === report.id);
  if (i >= 0) {
    panels[i] = report;
  } else {
    panels.push(report);
  }
  settle();
}

export function reportError(message: string): void {
  window.__harness.errors.push(message);
}

let expected = 0;
let pageSettled = false;

/** How many panel reports the page will produce, and whether its own work (variables, plugins) is over. */
export function expectPanels(count: number): void {
  expected = count;
  pageSettled = true;
  settle();
}

function settle(): void {
  const s = window.__harness;
  s.done = pageSettled && s.panels.length >= expected && s.panels.every((p) => p.state !== 'Loading');
}
