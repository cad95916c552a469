import { doughnutLayout, type DoughnutLayoutInput } from './layout';

const input = (width: number, height: number, extra: Partial<DoughnutLayoutInput> = {}): DoughnutLayoutInput => ({
  width,
  height,
  placement: 'right',
  items: 4,
  labelChars: 7,
  countChars: 3,
  totalChars: 3,
  ...extra,
});

describe('doughnutLayout', () => {
  it('puts the legend on the right of a square chart on an ordinary panel', () => {
    const l = doughnutLayout(input(520, 280));
    expect(l.legend).toBe('right');
    expect(l.chart).toBe(280);
    expect(l.chart + l.legendWidth).toBeLessThanOrEqual(520);
    expect(l.innerRadius).toBeLessThan(l.outerRadius);
    expect(l.outerRadius + l.hoverGrow).toBeLessThanOrEqual(l.chart / 2);
    expect(l.centerLabel).toBe(true);
  });

  it('moves a right legend below a tall, narrow chart', () => {
    const l = doughnutLayout(input(300, 520));
    expect(l.legend).toBe('bottom');
    expect(l.chart + l.legendHeight).toBeLessThanOrEqual(520);
  });

  it('moves a bottom legend that would crush the chart to the right', () => {
    const l = doughnutLayout(input(600, 110, { placement: 'bottom' }));
    expect(l.legend).toBe('right');
  });

  it('hides the legend when it would leave no chart, or when asked', () => {
    expect(doughnutLayout(input(120, 80)).legend).toBe('hidden');
    expect(doughnutLayout(input(520, 280, { placement: 'hidden' })).legend).toBe('hidden');
    expect(doughnutLayout(input(520, 280, { placement: 'hidden' })).chart).toBe(280);
  });

  it('grows the total in the centre on a wall', () => {
    const normal = doughnutLayout(input(520, 280));
    const wall = doughnutLayout(input(1200, 640));
    expect(wall.totalFont).toBeGreaterThan(normal.totalFont * 2);
    expect(wall.text).toBeGreaterThan(normal.text);
  });

  it('fits a long total in the hole', () => {
    const l = doughnutLayout(input(520, 280, { totalChars: 7 }));
    expect(l.totalFont * 7 * 0.6).toBeLessThanOrEqual(l.innerRadius * 2);
  });
});
