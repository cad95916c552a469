import { secureLayout, type SecureLayoutInput } from './layout';

const input = (width: number, height: number, extra: Partial<SecureLayoutInput> = {}): SecureLayoutInput => ({
  width,
  height,
  valueChars: 3,
  suffixChars: 13,
  asideChars: 24,
  asideLines: 2,
  categories: 5,
  labelChars: 17,
  pointsChars: 9,
  percentChars: 4,
  trend: true,
  trendNote: false,
  ...extra,
});

describe('secureLayout', () => {
  it('keeps only the headline in a 4×4 grid cell', () => {
    const l = secureLayout(input(250, 110));
    expect(l.bars).toBe(false);
    expect(l.trend).toBe(false);
    expect(l.value).toBeGreaterThanOrEqual(20);
  });

  it('stacks headline, bars and trend on an ordinary panel', () => {
    const l = secureLayout(input(520, 280));
    expect(l).toMatchObject({ mode: 'stack', bars: true, trend: true, trendInRow: false, labelAbove: false });
    expect(l.rowHeight * 5 + l.trendHeight + l.value).toBeLessThanOrEqual(280);
  });

  it('puts the bars in a column of their own on wide, short panels', () => {
    const l = secureLayout(input(780, 170));
    expect(l.mode).toBe('columns');
    expect(l.bars).toBe(true);
    expect(l.rowHeight * 5).toBeLessThanOrEqual(170);
    expect(l.mainWidth + l.barsWidth).toBeLessThan(780);
  });

  it('puts the trend beside the headline and shows points on a wall', () => {
    const l = secureLayout(input(1200, 640));
    expect(l).toMatchObject({ mode: 'stack', trendInRow: true, showPoints: true });
    expect(l.value).toBeGreaterThan(100);
    expect(l.text).toBeGreaterThan(20);
  });

  it('sets labels above the bars when the panel is narrow', () => {
    const l = secureLayout(input(220, 420));
    expect(l.labelAbove).toBe(true);
    expect(l.showPoints).toBe(false);
    expect(l.bars).toBe(true);
  });

  it('drops the trend before the bars', () => {
    const l = secureLayout(input(380, 200));
    expect(l.bars).toBe(true);
    expect(l.trend).toBe(true);
    const tight = secureLayout(input(380, 150));
    expect(tight.bars).toBe(true);
    expect(tight.trend).toBe(false);
  });

  it('has no bars without categories', () => {
    const l = secureLayout(input(780, 170, { categories: 0 }));
    expect(l.bars).toBe(false);
    expect(l.mode).toBe('stack');
  });
});
