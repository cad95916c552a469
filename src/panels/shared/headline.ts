import { CHAR_WIDTH_EM, clamp, textWidth } from './sizing';

export interface HeadlineInput {
  /** Box the headline may use. */
  width: number;
  height: number;
  /** Characters of the big number. */
  valueChars: number;
  /** Characters of the small suffix after it ("/100", "/ 560 points"), set at `SUFFIX_SCALE` of its size. */
  suffixChars: number;
  /** Characters of the widest line of the aside (level chip, percent, change) and of its compact form. */
  asideChars: number;
  compactAsideChars: number;
  /** Lines in the aside. */
  asideLines: number;
  text: number;
  gap: number;
}

export interface HeadlineSizing {
  value: number;
  aside: number;
  /** The aside goes under the number instead of beside it. */
  stacked: boolean;
  /** The aside uses its compact form (change without "since …"). */
  compact: boolean;
}

export const SUFFIX_SCALE = 0.3;
export const MIN_VALUE = 20;

/**
 * Sizes a card's headline: a big number with a small suffix, and an aside column beside it. The number
 * gets as large as the box allows; when the aside does not fit beside it, the number shrinks a little, or
 * the aside moves under it, or as a last resort the aside drops its long form.
 */
export function headlineSizing(input: HeadlineInput): HeadlineSizing {
  const { width, height, text, gap } = input;
  const perPx = (input.valueChars + input.suffixChars * SUFFIX_SCALE) * CHAR_WIDTH_EM;
  const fit = (w: number, h: number) => Math.min(w / perPx, w * 0.5, h, 400);
  const asideFor = (v: number) => Math.round(clamp(v * 0.2, text, text * 1.6));
  const asideWidth = (a: number, compact: boolean) =>
    textWidth('x'.repeat(compact ? input.compactAsideChars : input.asideChars), a) + a;
  const asideHeight = (a: number) => input.asideLines * a * 1.45;

  let value = fit(width, height);
  let stacked = false;
  let compact = false;
  if (input.asideLines > 0 && value * perPx + gap + asideWidth(asideFor(value), false) > width) {
    const beside = (width - gap - asideWidth(asideFor(value), false)) / perPx;
    const under = fit(width, height - asideHeight(asideFor(value)) - gap / 2);
    if (beside >= MIN_VALUE && beside >= under * 0.8) {
      value = beside;
    } else if (under >= MIN_VALUE) {
      value = under;
      stacked = true;
    } else {
      compact = true;
      value = Math.max(MIN_VALUE, Math.min(fit(width, height), (width - gap - asideWidth(text, true)) / perPx));
    }
  }
  value = Math.floor(Math.max(Math.min(MIN_VALUE, height), value));
  let aside = asideFor(value);
  if (!stacked && asideHeight(aside) > height) {
    aside = Math.max(text, Math.floor(height / (input.asideLines * 1.45)));
  }
  return { value, aside, stacked, compact };
}
