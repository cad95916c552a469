import { MIN_VALUE, headlineSizing } from '../shared/headline';
import { clamp, textSize } from '../shared/sizing';

export interface ExposureLayoutInput {
  width: number;
  height: number;
  /** Characters of the score as displayed ("63", "63.4"). */
  valueChars: number;
  band: boolean;
  /** A trend line can be drawn (option on and at least two points). */
  trend: boolean;
  /** A one-line note replaces the trend (option on, not enough history). */
  trendNote: boolean;
  link: boolean;
  /** Characters of the level chip, and of the change text ("↑ 4 since Nov 13"; 0 without a change). */
  levelChars: number;
  changeChars: number;
  /** Lines beside the score: the chip, a reason for a missing score, the change. */
  asideLines: number;
}

export interface ExposureLayout {
  /** Secondary text size. */
  text: number;
  gap: number;
  /** Score font size. */
  value: number;
  /** Level chip and change text size. */
  aside: number;
  /** Level chip and change go under the score instead of beside it. */
  stackAside: boolean;
  /** The change drops its "since …" part. */
  compactChange: boolean;
  /** Width of the column holding score, band and link. */
  mainWidth: number;
  band: boolean;
  bandBar: number;
  bandHeight: number;
  trend: boolean;
  trendHeight: number;
  /** Trend to the right of the score instead of below (wide, short panels). */
  trendBeside: boolean;
  trendWidth: number;
  trendNote: boolean;
  link: boolean;
  linkHeight: number;
}

/**
 * Decides what fits and how big. Parts drop in order of least value when space is short: the trend first,
 * then the band, then the link; the score always stays. Wide, short panels put the trend beside the score.
 */
export function exposureLayout(input: ExposureLayoutInput): ExposureLayout {
  const width = Math.max(0, input.width);
  const height = Math.max(0, input.height);
  const text = textSize(width, height);
  const gap = Math.round(text * 0.6);
  const bandBar = Math.round(clamp(text * 0.55, 6, 20));
  // Marker above the bar, the bar, then a row of level names.
  const bandHeight = Math.round(bandBar * 0.9 + 2) + bandBar + Math.round(text * 1.5);
  const linkHeight = Math.round(text * 1.5);
  const trendMin = Math.max(32, text * 3);
  const noteHeight = Math.round(text * 1.5);

  let band = input.band;
  let trend = input.trend;
  let trendNote = input.trendNote && !input.trend;
  let link = input.link;

  const trendBeside = trend && width >= 480 && width >= 2.8 * height && height >= 60;
  const mainWidth = trendBeside ? Math.round(clamp(width * 0.45, 240, 600)) : width;
  const trendWidth = trendBeside ? width - mainWidth - gap * 2 : width;

  const fixed = () =>
    (band ? bandHeight + gap : 0) +
    (link ? linkHeight + gap : 0) +
    (trendNote ? noteHeight + gap : 0) +
    (trend && !trendBeside ? trendMin + gap : 0);

  // Drop parts, least useful first, until the score gets a readable height.
  const drops: Array<() => void> = [
    () => (trendBeside ? undefined : (trend = false)),
    () => (trendNote = false),
    () => (band = false),
    () => (link = false),
  ];
  for (const drop of drops) {
    if (height - fixed() >= MIN_VALUE * 1.5) {
      break;
    }
    drop();
  }

  let headline = height - fixed();
  let trendHeight = 0;
  if (trend && trendBeside) {
    trendHeight = height;
  } else if (trend) {
    // Above what the score needs, the trend takes 45 % of the remaining height.
    const extra = Math.max(0, headline - MIN_VALUE * 1.5) * 0.45;
    trendHeight = Math.round(trendMin + extra);
    headline -= extra;
  }

  const sizing = headlineSizing({
    width: mainWidth,
    height: headline,
    valueChars: input.valueChars,
    suffixChars: 4,
    asideChars: Math.max(input.levelChars + 2, input.changeChars),
    compactAsideChars: Math.max(input.levelChars + 2, Math.min(input.changeChars, 6)),
    asideLines: input.asideLines,
    text,
    gap,
  });

  return {
    text,
    gap,
    value: sizing.value,
    aside: sizing.aside,
    stackAside: sizing.stacked,
    compactChange: sizing.compact,
    mainWidth,
    band,
    bandBar,
    bandHeight,
    trend,
    trendHeight,
    trendBeside: trend && trendBeside,
    trendWidth: trend ? trendWidth : 0,
    trendNote,
    link,
    linkHeight,
  };
}
