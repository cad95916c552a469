import { headlineSizing, MIN_VALUE } from './headline';
import { clamp, fitFontSize, textSize, textWidth } from './sizing';

describe('clamp', () => {
  it('bounds values and treats NaN as the minimum', () => {
    expect(clamp(5, 0, 10)).toBe(5);
    expect(clamp(-1, 0, 10)).toBe(0);
    expect(clamp(11, 0, 10)).toBe(10);
    expect(clamp(NaN, 3, 10)).toBe(3);
  });
});

describe('textSize', () => {
  it("is Grafana's 12–14 px on ordinary panels and grows on a wall, within bounds", () => {
    expect(textSize(250, 110)).toBe(12);
    expect(textSize(520, 280)).toBeGreaterThanOrEqual(12);
    expect(textSize(520, 280)).toBeLessThanOrEqual(14);
    expect(textSize(1200, 640)).toBeGreaterThan(20);
    expect(textSize(10000, 10000)).toBe(40);
    expect(textSize(0, 0)).toBe(12);
  });

  it('never shrinks when the panel grows', () => {
    let previous = 0;
    for (let w = 100; w <= 2000; w += 100) {
      const size = textSize(w, w / 2);
      expect(size).toBeGreaterThanOrEqual(previous);
      previous = size;
    }
  });
});

describe('fitFontSize / textWidth', () => {
  it('fits by the tighter of width and height', () => {
    expect(fitFontSize(2, 120, 500, 10, 400)).toBe(100);
    expect(fitFontSize(2, 1000, 110, 10, 400)).toBe(Math.floor(110 / 1.1));
    expect(fitFontSize(2, 10, 10, 16, 400)).toBe(16);
    expect(textWidth('abcd', 10)).toBeCloseTo(24);
  });
});

describe('headlineSizing', () => {
  const base = { valueChars: 2, suffixChars: 4, asideChars: 16, compactAsideChars: 6, asideLines: 2, text: 12, gap: 7 };

  it('puts the aside beside a number as large as the box allows', () => {
    const s = headlineSizing({ ...base, width: 520, height: 120 });
    expect(s.stacked).toBe(false);
    expect(s.compact).toBe(false);
    expect(s.value).toBeGreaterThan(80);
    expect(s.value).toBeLessThanOrEqual(120);
  });

  it('stacks the aside under the number in a tall, narrow box', () => {
    const s = headlineSizing({ ...base, width: 190, height: 260 });
    expect(s.stacked).toBe(true);
    expect(s.value).toBeGreaterThanOrEqual(MIN_VALUE);
  });

  it('falls back to the compact aside when nothing else fits', () => {
    const s = headlineSizing({ ...base, width: 150, height: 40 });
    expect(s.compact).toBe(true);
    expect(s.value).toBeGreaterThanOrEqual(MIN_VALUE);
  });

  it('keeps the number within a tiny box', () => {
    expect(headlineSizing({ ...base, width: 400, height: 12 }).value).toBeLessThanOrEqual(MIN_VALUE);
  });
});
