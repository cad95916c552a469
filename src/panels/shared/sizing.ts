/**
 * Type scale from the panel's own size. The same card sits in a 4×4 grid cell (about 250×110 px) on a
 * dashboard and fills a quarter of a NOC wall (1000 px and more); fixed font sizes are unreadable on one and
 * lost on the other. Sizes here are estimates that do not need to measure text (canvas text metrics are
 * unavailable in tests and cost a layout per render).
 */

export function clamp(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) {
    return min;
  }
  return Math.min(max, Math.max(min, value));
}

/** Width of a digit or a letter of Inter relative to the font size (tabular digits are about 0.6 em). */
export const CHAR_WIDTH_EM = 0.6;

/**
 * Secondary text size: Grafana's 12–14 px on ordinary panels, growing slowly with the panel so labels stay
 * readable from across a room on a wall display.
 */
export function textSize(width: number, height: number): number {
  const raw = Math.min(width / 36, height / 18);
  return Math.round(clamp(12 + (raw - 12) * 0.6, 12, 40));
}

/** The largest font size at which `chars` characters fit in `width` × `height`, within [min, max]. */
export function fitFontSize(chars: number, width: number, height: number, min: number, max: number): number {
  const byWidth = width / (Math.max(1, chars) * CHAR_WIDTH_EM);
  // Numbers are set with line-height 1; a little room for descenders of the label beside them.
  const byHeight = height / 1.1;
  return Math.floor(clamp(Math.min(byWidth, byHeight), min, max));
}

/** Estimated width of a text in pixels. */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * CHAR_WIDTH_EM;
}
