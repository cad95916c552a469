import { exposureLayout, type ExposureLayoutInput } from './layout';

const input = (width: number, height: number, extra: Partial<ExposureLayoutInput> = {}): ExposureLayoutInput => ({
  width,
  height,
  valueChars: 2,
  band: true,
  trend: true,
  trendNote: false,
  link: true,
  levelChars: 6,
  changeChars: 16,
  asideLines: 2,
  ...extra,
});

describe('exposureLayout', () => {
  it('keeps score, band and link in a 4×4 grid cell, without the trend', () => {
    const l = exposureLayout(input(250, 110));
    expect(l.trend).toBe(false);
    expect(l.band).toBe(true);
    expect(l.link).toBe(true);
    expect(l.value).toBeGreaterThanOrEqual(20);
  });

  it('shows everything on an ordinary panel, trend below', () => {
    const l = exposureLayout(input(520, 280));
    expect(l).toMatchObject({ band: true, trend: true, link: true, trendBeside: false });
    expect(l.trendHeight).toBeGreaterThanOrEqual(32);
    expect(l.trendWidth).toBe(520);
  });

  it('puts the trend beside the score on wide, short panels', () => {
    const l = exposureLayout(input(780, 170));
    expect(l.trendBeside).toBe(true);
    expect(l.trendHeight).toBe(170);
    expect(l.mainWidth + l.trendWidth).toBeLessThan(780);
  });

  it('grows the score and the text for a wall display', () => {
    const normal = exposureLayout(input(520, 280));
    const wall = exposureLayout(input(1200, 640));
    expect(wall.value).toBeGreaterThan(normal.value * 2);
    expect(wall.text).toBeGreaterThan(normal.text);
    expect(wall.value).toBeGreaterThanOrEqual(150);
  });

  it('fits the parts it keeps into the height', () => {
    for (const [w, h] of [
      [250, 110],
      [380, 200],
      [520, 280],
      [200, 400],
      [1200, 640],
    ]) {
      const l = exposureLayout(input(w, h));
      const used =
        l.value +
        (l.band ? l.bandHeight + l.gap : 0) +
        (l.link ? l.linkHeight + l.gap : 0) +
        (l.trend && !l.trendBeside ? l.trendHeight + l.gap : 0);
      expect(used).toBeLessThanOrEqual(h + 1);
    }
  });

  it('drops the link last and never the score in a tiny panel', () => {
    const l = exposureLayout(input(160, 40));
    expect(l.trend).toBe(false);
    expect(l.band).toBe(false);
    expect(l.value).toBeGreaterThan(0);
    expect(l.value).toBeLessThanOrEqual(40);
  });

  it('shows the note instead of a trend when asked and there is room', () => {
    const l = exposureLayout(input(380, 220, { trend: false, trendNote: true }));
    expect(l.trendNote).toBe(true);
    expect(l.trend).toBe(false);
  });
});
