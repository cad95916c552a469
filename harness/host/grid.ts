/** Grafana's dashboard grid: 24 columns, 30 px rows, 8 px gaps (react-grid-layout with vertical compaction). */
export const GRID_COLUMNS = 24;
export const GRID_CELL_HEIGHT = 30;
export const GRID_MARGIN = 8;

export interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface PlacedItem<T> {
  item: T;
  pos: GridPos;
  left: number;
  top: number;
  width: number;
  height: number;
}

const collides = (a: GridPos, b: GridPos) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Moves every item up as far as it goes without overlapping those above it, as the grid does on load. */
export function compactVertically(items: GridPos[]): GridPos[] {
  const order = items.map((p, i) => ({ p: { ...p }, i })).sort((a, b) => a.p.y - b.p.y || a.p.x - b.p.x);
  const placed: GridPos[] = [];
  for (const entry of order) {
    const p = entry.p;
    while (p.y > 0 && !placed.some((q) => collides({ ...p, y: p.y - 1 }, q))) {
      p.y -= 1;
    }
    while (placed.some((q) => collides(p, q))) {
      p.y += 1;
    }
    placed.push(p);
  }
  const out: GridPos[] = new Array(items.length);
  order.forEach((entry) => (out[entry.i] = entry.p));
  return out;
}

/** Pixel rectangles of grid items in a container `width` wide. */
export function layoutGrid<T>(
  items: Array<{ item: T; pos: GridPos }>,
  width: number,
  rowHeight = GRID_CELL_HEIGHT
): Array<PlacedItem<T>> {
  const compacted = compactVertically(items.map((i) => clampToGrid(i.pos)));
  const colWidth = (width - GRID_MARGIN * (GRID_COLUMNS - 1)) / GRID_COLUMNS;
  return items.map(({ item }, i) => {
    const pos = compacted[i];
    return {
      item,
      pos,
      left: Math.round((colWidth + GRID_MARGIN) * pos.x),
      top: Math.round((rowHeight + GRID_MARGIN) * pos.y),
      width: Math.round(colWidth * pos.w + Math.max(0, pos.w - 1) * GRID_MARGIN),
      height: Math.round(rowHeight * pos.h + Math.max(0, pos.h - 1) * GRID_MARGIN),
    };
  });
}

function clampToGrid(p: GridPos): GridPos {
  const w = Math.min(Math.max(1, p.w), GRID_COLUMNS);
  return { x: Math.min(Math.max(0, p.x), GRID_COLUMNS - w), y: Math.max(0, p.y), w, h: Math.max(1, p.h) };
}

/** The row height that makes `rows` grid rows fill `height` pixels (Grafana's `autofitpanels`). */
export function autofitRowHeight(rows: number, height: number): number {
  if (rows <= 0) {
    return GRID_CELL_HEIGHT;
  }
  return Math.max(10, (height - GRID_MARGIN * (rows - 1)) / rows);
}

export function gridHeight(placed: Array<PlacedItem<unknown>>): number {
  return placed.reduce((max, p) => Math.max(max, p.top + p.height), 0);
}
