/** Stable selectors of the secure score card, shared by unit tests and the browser harness. */
export const testIds = {
  root: 'tvm-securescore-panel',
  value: 'tvm-securescore-value',
  percent: 'tvm-securescore-percent',
  change: 'tvm-securescore-change',
  categories: 'tvm-securescore-categories',
  category: 'tvm-securescore-category',
  bar: 'tvm-securescore-bar',
  trend: 'tvm-securescore-trend',
  trendNote: 'tvm-securescore-trend-note',
} as const;
