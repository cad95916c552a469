import { MIN_VALUE, headlineSizing } from '../shared/headline';
import { clamp, textSize, textWidth } from '../shared/sizing';

export interface SecureLayoutInput {
  width: number;
  height: number;
  valueChars: number;
  /** Characters of "/ 560 points". */
  suffixChars: number;
  /** Characters of the widest aside line (percent, change). */
  asideChars: number;
  asideLines: number;
  /** Category rows, and the characters of the longest category label. */
  categories: number;
  labelChars: number;
  /** Characters of the widest "points of maximum" text of a bar ("138 / 170"). */
  pointsChars: number;
  percentChars: number;
  trend: boolean;
  trendNote: boolean;
}

export interface SecureLayout {
  text: number;
  gap: number;
  /**
   * `stack`: headline, bars and trend from top to bottom (the trend beside the headline on wide panels);
   * `columns`: headline and trend on the left, bars on the right (wide, short panels).
   */
  mode: 'stack' | 'columns';
  value: number;
  aside: number;
  stackAside: boolean;
  compactChange: boolean;
  /** Width of the headline. */
  mainWidth: number;
  headlineHeight: number;
  bars: boolean;
  barsWidth: number;
  rowHeight: number;
  barThickness: number;
  labelWidth: number;
  /** Narrow bars: label and percent on a line above the bar. */
  labelAbove: boolean;
  /** Bars show "points of maximum" next to the percent, in a column this wide. */
  showPoints: boolean;
  pointsWidth: number;
  trend: boolean;
  /** Stack mode: the trend sits to the right of the headline. */
  trendInRow: boolean;
  trendWidth: number;
  trendHeight: number;
  trendNote: boolean;
}

/** Decides what fits and how big: the score always, then the category bars, then the trend. */
export function secureLayout(input: SecureLayoutInput): SecureLayout {
  const width = Math.max(0, input.width);
  const height = Math.max(0, input.height);
  const n = input.categories;
  const text = textSize(width, height);
  const gap = Math.round(text * 0.6);
  const trendMin = Math.max(32, text * 3);
  const noteHeight = Math.round(text * 1.5);

  const mode: SecureLayout['mode'] = n > 0 && width >= 560 && width >= 2.2 * height ? 'columns' : 'stack';
  const mainWidth = mode === 'columns' ? Math.round(clamp(width * 0.42, 240, 640)) : width;
  const barsWidth = mode === 'columns' ? width - mainWidth - gap * 3 : width;

  const labelWidth = Math.ceil(textWidth('x'.repeat(input.labelChars), text) * 0.95 + gap);
  const percentWidth = textWidth('0'.repeat(input.percentChars), text) + gap;
  const labelAbove = barsWidth - labelWidth - percentWidth < 110;
  const pointsWidth = textWidth('0'.repeat(input.pointsChars), text) + gap;
  const showPoints =
    !labelAbove && barsWidth - labelWidth - percentWidth - pointsWidth >= Math.max(120, barsWidth * 0.35);
  // Smallest and comfortable row heights; a label above the bar needs a line more.
  const aboveThickness = Math.round(clamp(text * 0.6, 4, 22));
  const minRow = labelAbove ? Math.round(text * 1.45 + aboveThickness + 8) : Math.max(18, Math.round(text * 1.5));
  const comfyRow = labelAbove ? Math.round(minRow + text * 0.5) : Math.round(text * 2.2);

  let bars = n > 0;
  let trend = input.trend;
  let trendNote = input.trendNote && !input.trend;
  const trendInRow = mode === 'stack' && width >= 560;

  // Height taken below the headline (stack) or under it in the left column (columns).
  const below = () =>
    (mode === 'stack' && bars ? n * minRow + gap : 0) +
    (trend && !trendInRow ? trendMin + gap : 0) +
    (trendNote ? noteHeight + gap : 0);
  const drops: Array<() => void> = [() => (trend = false), () => (trendNote = false), () => (bars = false)];
  for (const drop of drops) {
    if (height - below() >= MIN_VALUE * 1.5 && (mode === 'stack' || height >= n * minRow)) {
      break;
    }
    drop();
  }

  let rowHeight = minRow;
  let headline = height - below();
  if (bars && mode === 'stack') {
    // Rows grow to their comfortable height first; the headline and trend share the rest.
    const spare = Math.max(0, headline - MIN_VALUE * 2.5);
    const grow = Math.min(comfyRow - minRow, spare / n);
    rowHeight = minRow + grow;
    headline -= grow * n;
  } else if (bars) {
    rowHeight = clamp(height / n, minRow, comfyRow * 1.2);
  }

  let trendHeight = 0;
  let trendWidth = 0;
  let headlineWidth = mainWidth;
  if (trend && trendInRow) {
    headlineWidth = Math.round(clamp(width * 0.45, 260, 640));
    trendWidth = width - headlineWidth - gap * 3;
    trendHeight = Math.round(headline);
  } else if (trend) {
    const extra = Math.max(0, headline - MIN_VALUE * 1.5) * 0.45;
    trendHeight = Math.round(trendMin + extra);
    trendWidth = mainWidth;
    headline -= extra;
  }

  const sizing = headlineSizing({
    width: headlineWidth,
    height: headline,
    valueChars: input.valueChars,
    suffixChars: input.suffixChars,
    asideChars: input.asideChars,
    compactAsideChars: Math.min(input.asideChars, 8),
    asideLines: input.asideLines,
    text,
    gap,
  });

  return {
    text,
    gap,
    mode,
    value: sizing.value,
    aside: sizing.aside,
    stackAside: sizing.stacked,
    compactChange: sizing.compact,
    mainWidth: headlineWidth,
    headlineHeight: Math.floor(headline),
    bars,
    barsWidth,
    rowHeight: Math.floor(rowHeight),
    barThickness: labelAbove ? aboveThickness : Math.round(clamp(rowHeight * 0.32, 4, 22)),
    pointsWidth: Math.ceil(pointsWidth - gap),
    labelWidth,
    labelAbove,
    showPoints,
    trend,
    trendInRow: trend && trendInRow,
    trendWidth,
    trendHeight,
    trendNote,
  };
}
