/** Stable selectors of the exposure score card, shared by unit tests and the browser harness. */
export const testIds = {
  root: 'tvm-exposurescore-panel',
  value: 'tvm-exposurescore-value',
  level: 'tvm-exposurescore-level',
  change: 'tvm-exposurescore-change',
  band: 'tvm-exposurescore-band',
  bandSegment: 'tvm-exposurescore-band-segment',
  bandMarker: 'tvm-exposurescore-band-marker',
  trend: 'tvm-exposurescore-trend',
  trendNote: 'tvm-exposurescore-trend-note',
  link: 'tvm-exposurescore-link',
} as const;
