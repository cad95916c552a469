import React, { useMemo, useRef, useState } from 'react';
import { css, cx } from '@emotion/css';
import { type Field, type GrafanaTheme2, MappingType, type PanelProps } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { arc, type PieArcDatum, pie } from 'd3-shape';
import type { ExposureLevel } from '../../datasource/types';
import { formatNumber, formatShare } from '../shared/format';
import { buildDrilldownUrl, hrefFor } from '../shared/links';
import { navigateOnClick } from '../shared/navigation';
import { doughnutLayout } from './layout';
import { type LevelCount, LEVEL_COLORS, distributionModel } from './model';
import { testIds } from './testIds';
import type { DeviceExposureOptions } from './types';
import { NoData } from '../shared/NoData';

export const NO_DATA_MESSAGE =
  'No device exposure counts in the results. Add a "Device exposure distribution" query of the TVM data source';

/**
 * A level's colour: a value mapping with a colour on the `level` field wins (Grafana's way to recolour
 * categories), then Defender's ramp from the theme.
 */
export function levelColor(level: ExposureLevel, theme: GrafanaTheme2, levelField?: Field): string {
  let mapped: string | undefined;
  for (const mapping of levelField?.config.mappings ?? []) {
    if (mapping.type === MappingType.ValueToText && mapping.options[level]?.color) {
      mapped = mapping.options[level].color;
      break;
    }
  }
  if (mapped) {
    return theme.visualization.getColorByName(mapped);
  }
  return level === 'None' ? theme.colors.border.strong : theme.visualization.getColorByName(LEVEL_COLORS[level]);
}

interface Tooltip {
  level: ExposureLevel;
  x: number;
  y: number;
}

/**
 * Defender's "Device exposure distribution" card: devices per exposure level as a doughnut with the total
 * in the centre and a legend of counts and shares. Every slice and legend entry is a link to the device
 * list at that level.
 */
export function DeviceExposurePanel({
  data,
  options,
  width,
  height,
  id,
  fieldConfig,
  replaceVariables,
}: PanelProps<DeviceExposureOptions>) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const [active, setActive] = useState<ExposureLevel | undefined>(undefined);
  const [tooltip, setTooltip] = useState<Tooltip | undefined>(undefined);
  const rootRef = useRef<HTMLDivElement>(null);
  const model = useMemo(
    () => distributionModel(data.series, { showNoData: options.showNoData }),
    [data.series, options.showNoData]
  );

  const totalText = formatNumber(model.total, 0);
  const layout = doughnutLayout({
    width,
    height,
    placement: options.legendPlacement,
    items: model.levels.length,
    labelChars: Math.max(0, ...model.levels.map((l) => l.label.length)),
    countChars: Math.max(0, ...model.levels.map((l) => formatNumber(l.devices, 0).length)),
    totalChars: totalText.length,
  });

  const arcs = useMemo(() => {
    const generator = pie<LevelCount>()
      .value((l) => l.devices)
      // Keep the legend's order around the ring, starting at 12 o'clock.
      .sort(null)
      .padAngle(model.levels.filter((l) => l.devices > 0).length > 1 ? 0.012 : 0);
    return generator(model.levels).filter((a) => a.data.devices > 0);
  }, [model.levels]);

  if (!model.hasData) {
    return <NoData panelId={id} data={data} fieldConfig={fieldConfig} message={NO_DATA_MESSAGE} />;
  }

  const urlFor = (level: ExposureLevel) => buildDrilldownUrl(options.levelUrl, replaceVariables, { level });
  const colorOf = (level: ExposureLevel) => levelColor(level, theme, model.levelField);
  const describe = (l: LevelCount) =>
    `${l.label}: ${formatNumber(l.devices, 0)} ${l.devices === 1 ? 'device' : 'devices'} (${formatShare(l.share)})`;

  const r = layout.outerRadius;
  const ringArc = arc<PieArcDatum<LevelCount>>()
    .innerRadius(layout.innerRadius)
    .outerRadius(r)
    .cornerRadius(Math.min(3, (r - layout.innerRadius) / 4));
  const activeArc = arc<PieArcDatum<LevelCount>>()
    .innerRadius(layout.innerRadius)
    .outerRadius(r + layout.hoverGrow)
    .cornerRadius(Math.min(3, (r - layout.innerRadius) / 4));
  const track =
    arc()({ innerRadius: layout.innerRadius, outerRadius: r, startAngle: 0, endAngle: 2 * Math.PI }) ?? undefined;

  const legendShown = layout.legend !== 'hidden';
  const activeCount = active ? model.levels.find((l) => l.level === active) : undefined;
  const center = layout.chart / 2;

  const hoverHandlers = (level: ExposureLevel) => ({
    onMouseEnter: () => setActive(level),
    onMouseLeave: () => {
      setActive(undefined);
      setTooltip(undefined);
    },
    onFocus: () => setActive(level),
    onBlur: () => setActive(undefined),
  });

  const chart = (
    <div className={styles.chart} style={{ width: layout.chart, height: layout.chart }}>
      <svg
        width={layout.chart}
        height={layout.chart}
        role="group"
        aria-label={`Devices by exposure level, ${totalText} in total`}
        data-testid={testIds.chart}
      >
        <g transform={`translate(${center},${center})`}>
          {arcs.length === 0 && track && <path d={track} className={styles.track} />}
          {arcs.map((a) => {
            const level = a.data.level;
            const url = urlFor(level);
            const isActive = active === level;
            const path = (isActive ? activeArc(a) : ringArc(a)) ?? '';
            const slice = (
              <path
                d={path}
                fill={colorOf(level)}
                className={cx(styles.slice, active && !isActive && styles.dimmed)}
                data-testid={testIds.slice}
                data-level={level}
                onMouseMove={(event) => {
                  const box = rootRef.current?.getBoundingClientRect();
                  setActive(level);
                  setTooltip({ level, x: event.clientX - (box?.left ?? 0), y: event.clientY - (box?.top ?? 0) });
                }}
              />
            );
            return url ? (
              <a
                key={level}
                href={hrefFor(url)}
                onClick={navigateOnClick(url)}
                aria-label={`${describe(a.data)}. Open the device list`}
                // With a legend, its entries are the keyboard and screen-reader links; the slices repeat them for the mouse.
                tabIndex={legendShown ? -1 : undefined}
                aria-hidden={legendShown || undefined}
                className={styles.sliceLink}
                {...hoverHandlers(level)}
              >
                {slice}
              </a>
            ) : (
              <g key={level} {...hoverHandlers(level)}>
                {slice}
              </g>
            );
          })}
        </g>
      </svg>
      <div className={styles.center} aria-hidden>
        <span
          className={styles.total}
          style={{ fontSize: layout.totalFont, color: activeCount ? colorOf(activeCount.level) : undefined }}
          data-testid={testIds.total}
        >
          {activeCount ? formatNumber(activeCount.devices, 0) : totalText}
        </span>
        {layout.centerLabel && (
          <span
            className={styles.centerLabel}
            style={{ fontSize: layout.centerLabelFont }}
            data-testid={testIds.centerLabel}
          >
            {activeCount ? activeCount.label : model.total === 1 ? 'device' : 'devices'}
          </span>
        )}
      </div>
    </div>
  );

  const legend = legendShown && (
    <ul
      className={cx(styles.legend, layout.legend === 'bottom' && styles.legendBottom)}
      style={{
        fontSize: layout.text,
        width: layout.legend === 'right' ? layout.legendWidth : undefined,
        gridTemplateColumns:
          layout.legend === 'bottom' ? `repeat(${layout.legendColumns}, minmax(0, max-content))` : 'minmax(0, 1fr)',
        columnGap: layout.gap * 1.5,
      }}
      aria-label="Exposure levels"
      data-testid={testIds.legend}
    >
      {model.levels.map((l) => {
        const url = urlFor(l.level);
        const content = (
          <>
            <span className={styles.swatch} style={{ background: colorOf(l.level) }} />
            <span className={styles.legendLabel}>{l.label}</span>
            <span className={styles.legendCount}>{formatNumber(l.devices, 0)}</span>
            <span className={styles.legendShare}>{formatShare(l.share)}</span>
          </>
        );
        return (
          <li key={l.level} className={cx(active && active !== l.level && styles.dimmed)}>
            {url ? (
              <a
                href={hrefFor(url)}
                onClick={navigateOnClick(url)}
                className={styles.legendItem}
                aria-label={`${describe(l)}. Open the device list`}
                data-testid={testIds.legendItem}
                data-level={l.level}
                {...hoverHandlers(l.level)}
              >
                {content}
              </a>
            ) : (
              <span className={styles.legendItem} data-testid={testIds.legendItem} data-level={l.level}>
                {content}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );

  const tip = tooltip && model.levels.find((l) => l.level === tooltip.level);

  return (
    <div
      ref={rootRef}
      className={styles.root}
      style={{ width, height, flexDirection: layout.legend === 'bottom' ? 'column' : 'row', gap: layout.gap }}
      data-testid={testIds.root}
    >
      {chart}
      {legend}
      {tip && (
        <div
          className={styles.tooltip}
          role="tooltip"
          style={{
            left: Math.min(tooltip.x + 12, width - 180),
            top: Math.max(0, tooltip.y + 12),
          }}
          data-testid={testIds.tooltip}
        >
          <span className={styles.swatch} style={{ background: colorOf(tip.level) }} />
          <span>
            <strong>{tip.label}</strong>
            <br />
            {formatNumber(tip.devices, 0)} {tip.devices === 1 ? 'device' : 'devices'} · {formatShare(tip.share)}
          </span>
        </div>
      )}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({
    position: 'relative',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    overflow: 'hidden',
    fontFamily: theme.typography.fontFamily,
    color: theme.colors.text.primary,
  }),
  chart: css({
    position: 'relative',
    flex: 'none',
    svg: {
      display: 'block',
      overflow: 'visible',
    },
  }),
  track: css({
    fill: theme.colors.border.weak,
  }),
  slice: css({
    transition: 'opacity 150ms ease',
    stroke: theme.colors.background.primary,
    strokeWidth: 1,
    cursor: 'pointer',
  }),
  sliceLink: css({
    outline: 'none',
    '&:focus-visible path': {
      stroke: theme.colors.primary.main,
      strokeWidth: 3,
    },
  }),
  dimmed: css({
    opacity: 0.4,
  }),
  center: css({
    position: 'absolute',
    inset: 0,
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    pointerEvents: 'none',
  }),
  total: css({
    lineHeight: 1,
    fontWeight: theme.typography.fontWeightMedium,
    fontVariantNumeric: 'tabular-nums',
    letterSpacing: '-0.02em',
  }),
  centerLabel: css({
    marginTop: '0.25em',
    color: theme.colors.text.secondary,
    lineHeight: 1.2,
  }),
  legend: css({
    display: 'grid',
    listStyle: 'none',
    margin: 0,
    padding: 0,
    minWidth: 0,
    li: {
      minWidth: 0,
      transition: 'opacity 150ms ease',
    },
  }),
  legendBottom: css({
    justifyContent: 'center',
  }),
  legendItem: css({
    display: 'flex',
    alignItems: 'center',
    gap: '0.5em',
    padding: '0.25em 0.4em',
    borderRadius: theme.shape.radius.default,
    color: theme.colors.text.primary,
    lineHeight: 1.4,
    whiteSpace: 'nowrap',
    fontVariantNumeric: 'tabular-nums',
    '&:hover': {
      background: theme.colors.action.hover,
    },
    '&:focus-visible': {
      outline: `2px solid ${theme.colors.primary.main}`,
      outlineOffset: -2,
    },
  }),
  swatch: css({
    flex: 'none',
    width: '0.8em',
    height: '0.8em',
    borderRadius: theme.shape.radius.sm,
  }),
  legendLabel: css({
    flex: '1 1 auto',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  legendCount: css({
    fontWeight: theme.typography.fontWeightMedium,
    textAlign: 'right',
  }),
  legendShare: css({
    minWidth: '3.6em',
    textAlign: 'right',
    color: theme.colors.text.secondary,
  }),
  tooltip: css({
    position: 'absolute',
    zIndex: theme.zIndex.tooltip,
    display: 'flex',
    alignItems: 'baseline',
    gap: theme.spacing(1),
    padding: theme.spacing(0.75, 1),
    borderRadius: theme.shape.radius.default,
    background: theme.colors.background.elevated,
    border: `1px solid ${theme.colors.border.weak}`,
    boxShadow: theme.shadows.z3,
    fontSize: theme.typography.bodySmall.fontSize,
    color: theme.colors.text.secondary,
    pointerEvents: 'none',
    whiteSpace: 'nowrap',
    strong: {
      color: theme.colors.text.primary,
      fontWeight: theme.typography.fontWeightMedium,
    },
  }),
});
