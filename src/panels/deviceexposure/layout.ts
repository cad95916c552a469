import { clamp, fitFontSize, textSize, textWidth } from '../shared/sizing';
import type { LegendPlacement } from './types';

export interface DoughnutLayoutInput {
  width: number;
  height: number;
  placement: LegendPlacement;
  /** Legend rows (levels shown). */
  items: number;
  /** Characters of the longest legend label, count and share. */
  labelChars: number;
  countChars: number;
  /** Characters of the total in the centre. */
  totalChars: number;
}

export interface DoughnutLayout {
  text: number;
  gap: number;
  /** The legend placement actually used: a legend that would crush the chart moves or hides. */
  legend: LegendPlacement;
  legendWidth: number;
  legendHeight: number;
  /** Bottom legend: items per row. */
  legendColumns: number;
  /** Side of the square the doughnut is drawn in. */
  chart: number;
  outerRadius: number;
  innerRadius: number;
  /** Extra radius of a hovered slice. */
  hoverGrow: number;
  totalFont: number;
  centerLabelFont: number;
  /** The centre has room for the "devices" label under the total. */
  centerLabel: boolean;
}

const MIN_CHART = 64;

export function doughnutLayout(input: DoughnutLayoutInput): DoughnutLayout {
  const width = Math.max(0, input.width);
  const height = Math.max(0, input.height);
  const text = textSize(width, height);
  const gap = Math.round(text * 0.8);
  const rowHeight = Math.round(text * 1.9);
  // Swatch, label, count and share columns.
  const itemWidth = Math.ceil(
    text * 1.6 +
      textWidth('x'.repeat(input.labelChars), text) +
      textWidth('0'.repeat(input.countChars), text) +
      textWidth('100.0%', text) +
      text * 2
  );

  let legend: LegendPlacement = input.items === 0 ? 'hidden' : input.placement;
  const rightChart = () => Math.min(width - itemWidth - gap, height);
  const bottomColumns = Math.max(1, Math.min(input.items, Math.floor((width + gap) / (itemWidth + gap))));
  const bottomHeight = Math.ceil(input.items / bottomColumns) * rowHeight;
  const bottomChart = () => Math.min(width, height - bottomHeight - gap);

  if (legend === 'right' && rightChart() < Math.max(MIN_CHART, Math.min(width, height) * 0.5)) {
    legend = bottomChart() > rightChart() && bottomChart() >= MIN_CHART ? 'bottom' : 'right';
  }
  if (legend === 'bottom' && bottomChart() < MIN_CHART) {
    legend = rightChart() >= MIN_CHART ? 'right' : 'hidden';
  }
  if (legend === 'right' && rightChart() < MIN_CHART) {
    legend = 'hidden';
  }

  const chart = Math.max(
    0,
    Math.floor(legend === 'right' ? rightChart() : legend === 'bottom' ? bottomChart() : Math.min(width, height))
  );
  const hoverGrow = Math.round(clamp(chart * 0.025, 2, 10));
  const outerRadius = Math.max(0, chart / 2 - hoverGrow - 1);
  const innerRadius = outerRadius * 0.64;
  // The total fills about 55 % of the hole's width.
  const hole = innerRadius * 2;
  const totalFont = fitFontSize(input.totalChars, hole * 0.62, hole * 0.42, 10, 220);
  const centerLabelFont = Math.round(clamp(totalFont * 0.3, 10, text * 1.4));
  const centerLabel = totalFont + centerLabelFont * 1.3 <= hole * 0.78 && hole >= 56;

  return {
    text,
    gap,
    legend,
    legendWidth: legend === 'right' ? Math.min(itemWidth, width - chart - gap) : legend === 'bottom' ? width : 0,
    legendHeight: legend === 'bottom' ? bottomHeight : legend === 'right' ? input.items * rowHeight : 0,
    legendColumns: legend === 'bottom' ? bottomColumns : 1,
    chart,
    outerRadius,
    innerRadius,
    hoverGrow,
    totalFont,
    centerLabelFont,
    centerLabel,
  };
}
