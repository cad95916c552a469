import React, { useId, useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2, dateTimeFormat } from '@grafana/data';
import type { TimeZone } from '@grafana/schema';
import { useStyles2 } from '@grafana/ui';
import { area, curveMonotoneX, line } from 'd3-shape';
import type { Point } from './frames';
import { formatNumber } from './format';

export interface TrendGuide {
  value: number;
  color: string;
}

export interface TrendLineProps {
  points: Point[];
  width: number;
  height: number;
  /** Stroke colour (already resolved from the theme). */
  color: string;
  /** Accessible description of what the line shows. */
  label: string;
  /** Values outside these bounds are impossible (a score of 0–100); the axis never extends past them. */
  bounds?: [number, number];
  /** Smallest visible span of the y axis, so that noise of a fraction of a point does not look like a cliff. */
  minSpan?: number;
  /** Faint horizontal lines, e.g. the level boundaries, drawn when they fall inside the visible range. */
  guides?: TrendGuide[];
  decimals?: number;
  timeZone?: TimeZone;
  testId?: string;
}

const PAD = 3;

/** The y range drawn: the data's extent, widened to `minSpan` around its middle and kept within `bounds`. */
export function trendDomain(values: number[], minSpan = 0, bounds?: [number, number]): [number, number] {
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const span = Math.max(hi - lo, minSpan, 1e-9);
  const mid = (lo + hi) / 2;
  lo = mid - span / 2;
  hi = mid + span / 2;
  // 8% headroom so the line never touches the edges.
  const pad = (hi - lo) * 0.08;
  lo -= pad;
  hi += pad;
  if (bounds) {
    if (lo < bounds[0]) {
      hi = Math.min(bounds[1], hi + (bounds[0] - lo));
      lo = bounds[0];
    }
    if (hi > bounds[1]) {
      lo = Math.max(bounds[0], lo - (hi - bounds[1]));
      hi = bounds[1];
    }
  }
  return [lo, hi];
}

/**
 * A sparkline of a score over the dashboard's time range, with a hover read-out of the nearest point.
 * Own SVG rather than `Sparkline` from @grafana/ui: that one is uPlot on a canvas, which cannot be asserted
 * in tests, and the cards want the level guides and a filled area in the level colour.
 */
export function TrendLine({
  points,
  width,
  height,
  color,
  label,
  bounds,
  minSpan,
  guides = [],
  decimals,
  timeZone,
  testId,
}: TrendLineProps) {
  const styles = useStyles2(getStyles);
  // React's ids contain colons, which a `url(#…)` reference would have to escape.
  const gradientId = `trend-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const [hover, setHover] = useState<number | undefined>(undefined);

  const geometry = useMemo(() => {
    if (points.length < 2 || width <= 2 * PAD || height <= 2 * PAD) {
      return undefined;
    }
    const [lo, hi] = trendDomain(
      points.map((p) => p.value),
      minSpan,
      bounds
    );
    const t0 = points[0].time;
    const t1 = points[points.length - 1].time;
    const x = (t: number) => PAD + (t1 === t0 ? 0.5 : (t - t0) / (t1 - t0)) * (width - 2 * PAD);
    const y = (v: number) => PAD + (1 - (v - lo) / (hi - lo)) * (height - 2 * PAD);
    const linePath = line<Point>()
      .x((p) => x(p.time))
      .y((p) => y(p.value))
      .curve(curveMonotoneX)(points);
    const areaPath = area<Point>()
      .x((p) => x(p.time))
      .y0(height)
      .y1((p) => y(p.value))
      .curve(curveMonotoneX)(points);
    const visibleGuides = guides.filter((g) => g.value > lo && g.value < hi).map((g) => ({ ...g, y: y(g.value) }));
    return { x, y, linePath: linePath ?? '', areaPath: areaPath ?? '', visibleGuides };
  }, [points, width, height, minSpan, bounds, guides]);

  if (!geometry) {
    return null;
  }

  const last = points[points.length - 1];
  const hovered = hover === undefined ? undefined : points[hover];

  const onMove = (event: React.MouseEvent<SVGSVGElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const px = event.clientX - rect.left;
    let best = 0;
    for (let i = 1; i < points.length; i++) {
      if (Math.abs(geometry.x(points[i].time) - px) < Math.abs(geometry.x(points[best].time) - px)) {
        best = i;
      }
    }
    setHover(best);
  };

  return (
    <div className={styles.wrapper} style={{ width, height }} data-testid={testId}>
      <svg
        width={width}
        height={height}
        role="img"
        aria-label={label}
        className={styles.svg}
        onMouseMove={onMove}
        onMouseLeave={() => setHover(undefined)}
      >
        <defs>
          <linearGradient id={gradientId} x1="0" x2="0" y1="0" y2="1">
            <stop offset="0%" stopColor={color} stopOpacity={0.28} />
            <stop offset="100%" stopColor={color} stopOpacity={0} />
          </linearGradient>
        </defs>
        {geometry.visibleGuides.map((g) => (
          <line
            key={g.value}
            x1={0}
            x2={width}
            y1={g.y}
            y2={g.y}
            stroke={g.color}
            strokeOpacity={0.45}
            strokeDasharray="3 4"
            data-testid="trend-guide"
          />
        ))}
        <path d={geometry.areaPath} fill={`url(#${gradientId})`} stroke="none" />
        <path
          d={geometry.linePath}
          fill="none"
          stroke={color}
          strokeWidth={2}
          strokeLinejoin="round"
          strokeLinecap="round"
          data-testid="trend-line"
        />
        <circle cx={geometry.x(last.time)} cy={geometry.y(last.value)} r={3} fill={color} />
        {hovered && (
          <>
            <line
              x1={geometry.x(hovered.time)}
              x2={geometry.x(hovered.time)}
              y1={0}
              y2={height}
              className={styles.rule}
            />
            <circle
              cx={geometry.x(hovered.time)}
              cy={geometry.y(hovered.value)}
              r={4}
              fill={color}
              className={styles.hoverDot}
            />
          </>
        )}
      </svg>
      {hovered && (
        <div
          className={styles.readout}
          style={geometry.x(hovered.time) > width / 2 ? { left: PAD } : { right: PAD }}
          data-testid="trend-readout"
        >
          <strong>{formatNumber(hovered.value, decimals)}</strong>{' '}
          {dateTimeFormat(hovered.time, { format: 'MMM D, HH:mm', timeZone })}
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  wrapper: css({
    position: 'relative',
    flex: 'none',
  }),
  svg: css({
    display: 'block',
    overflow: 'visible',
  }),
  rule: css({
    stroke: theme.colors.text.disabled,
    strokeWidth: 1,
  }),
  hoverDot: css({
    stroke: theme.colors.background.primary,
    strokeWidth: 2,
  }),
  readout: css({
    position: 'absolute',
    top: 0,
    padding: theme.spacing(0.25, 0.75),
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.secondary,
    border: `1px solid ${theme.colors.border.weak}`,
    boxShadow: theme.shadows.z2,
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
    whiteSpace: 'nowrap',
    pointerEvents: 'none',
    strong: {
      color: theme.colors.text.primary,
      fontWeight: theme.typography.fontWeightMedium,
    },
  }),
});
