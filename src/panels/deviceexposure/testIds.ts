/** Stable selectors of the device exposure doughnut, shared by unit tests and the browser harness. */
export const testIds = {
  root: 'tvm-deviceexposure-panel',
  chart: 'tvm-deviceexposure-chart',
  slice: 'tvm-deviceexposure-slice',
  total: 'tvm-deviceexposure-total',
  centerLabel: 'tvm-deviceexposure-center-label',
  legend: 'tvm-deviceexposure-legend',
  legendItem: 'tvm-deviceexposure-legend-item',
  tooltip: 'tvm-deviceexposure-tooltip',
} as const;
