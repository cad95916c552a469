import { autofitRowHeight, compactVertically, layoutGrid } from './grid';

describe("Grafana's dashboard grid", () => {
  test('24 columns with 8 px gaps and 30 px rows', () => {
    const width = 24 * 50 + 23 * 8;
    const [a, b] = layoutGrid(
      [
        { item: 'a', pos: { x: 0, y: 0, w: 12, h: 8 } },
        { item: 'b', pos: { x: 12, y: 8, w: 12, h: 2 } },
      ],
      width
    );
    expect([a.left, a.top, a.width, a.height]).toEqual([0, 0, 12 * 50 + 11 * 8, 8 * 30 + 7 * 8]);
    // b floats up next to a: the grid compacts vertically.
    expect([b.left, b.top, b.width, b.height]).toEqual([12 * 58, 0, 12 * 50 + 11 * 8, 2 * 30 + 8]);
  });

  test('compaction keeps items below what they would overlap', () => {
    expect(
      compactVertically([
        { x: 0, y: 0, w: 24, h: 3 },
        { x: 4, y: 10, w: 4, h: 2 },
      ])[1]
    ).toEqual({ x: 4, y: 3, w: 4, h: 2 });
  });

  test('autofit spreads the rows over the screen height', () => {
    const rh = autofitRowHeight(26, 1064);
    expect(26 * rh + 25 * 8).toBeCloseTo(1064);
  });
});
