import { dateTimeFormat } from '@grafana/data';
import type { TimeZone } from '@grafana/schema';

/** Decimals a user may ask for; more would only show noise of the scoring model. */
export const MAX_DECIMALS = 3;

function clampDecimals(decimals: number | undefined): number {
  if (decimals === undefined || !Number.isFinite(decimals)) {
    return 0;
  }
  return Math.min(MAX_DECIMALS, Math.max(0, Math.round(decimals)));
}

// Grafana's UI is English; a fixed locale keeps digits grouping stable between users and tests.
const formatters = new Map<number, Intl.NumberFormat>();
function formatter(decimals: number): Intl.NumberFormat {
  let f = formatters.get(decimals);
  if (!f) {
    f = new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formatters.set(decimals, f);
  }
  return f;
}

/** A number with a fixed count of decimals and thousands separators; an em dash when there is none. */
export function formatNumber(value: number | undefined, decimals?: number): string {
  if (value === undefined || !Number.isFinite(value)) {
    return '—';
  }
  const text = formatter(clampDecimals(decimals)).format(value);
  // "-0" after rounding reads as a bug.
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

export type Direction = 'up' | 'down' | 'flat';

/** The direction of a change as shown: a change that rounds to zero at the chosen decimals is flat. */
export function directionOf(delta: number, decimals?: number): Direction {
  const d = clampDecimals(decimals);
  const rounded = Number(Math.abs(delta).toFixed(d));
  if (rounded === 0) {
    return 'flat';
  }
  return delta > 0 ? 'up' : 'down';
}

/** "Nov 13" for a start within the year of `now`, "Nov 13, 2025" otherwise; times for starts today. */
export function formatSince(since: number, timeZone?: TimeZone, now: number = Date.now()): string {
  const sameDay =
    dateTimeFormat(since, { format: 'YYYY-MM-DD', timeZone }) ===
    dateTimeFormat(now, { format: 'YYYY-MM-DD', timeZone });
  if (sameDay) {
    return dateTimeFormat(since, { format: 'HH:mm', timeZone });
  }
  const sameYear =
    dateTimeFormat(since, { format: 'YYYY', timeZone }) === dateTimeFormat(now, { format: 'YYYY', timeZone });
  return dateTimeFormat(since, { format: sameYear ? 'MMM D' : 'MMM D, YYYY', timeZone });
}

/** "12.5%" of a share 0..1 with at most one decimal, "<0.1%" for tiny non-zero shares. */
export function formatShare(share: number): string {
  if (!Number.isFinite(share) || share <= 0) {
    return '0%';
  }
  const percent = share * 100;
  if (percent < 0.1) {
    return '<0.1%';
  }
  if (percent >= 99.95 && share < 1) {
    return '>99.9%';
  }
  return `${Number.isInteger(Number(percent.toFixed(1))) ? percent.toFixed(0) : percent.toFixed(1)}%`;
}
