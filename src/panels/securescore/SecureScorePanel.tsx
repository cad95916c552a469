import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { type Field, type GrafanaTheme2, type PanelProps } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { ChangeIndicator } from '../shared/ChangeIndicator';
import { FieldDataLinks } from '../shared/FieldDataLinks';
import { formatNumber, formatSince } from '../shared/format';
import { buildDrilldownUrl, hrefFor } from '../shared/links';
import { navigateOnClick } from '../shared/navigation';
import { clamp } from '../shared/sizing';
import { TrendLine } from '../shared/TrendLine';
import { secureLayout } from './layout';
import { type CategoryScore, secureScoreModel } from './model';
import { testIds } from './testIds';
import { DEFAULT_BAR_COLOR, type SecureScoreOptions } from './types';
import { NoData } from '../shared/NoData';

export const NO_DATA_MESSAGE =
  'No secure score in the results. Add a "Secure score" query (overall or by category) of the TVM data source';

/**
 * A bar's colour: the field's colour scheme as configured in the panel (fixed blue by default, by thresholds
 * when the user picks that), else Defender's blue.
 */
export function barColor(field: Field | undefined, percent: number | undefined, theme: GrafanaTheme2): string {
  if (field?.display && field.config.color && percent !== undefined) {
    const color = field.display(percent).color;
    if (color) {
      return color;
    }
  }
  return theme.visualization.getColorByName(DEFAULT_BAR_COLOR);
}

/**
 * Defender's "Microsoft Secure Score for Devices" card: points of the maximum and percent, one bar per
 * configuration category (each a link to that category's recommendations), and the score over time.
 */
export function SecureScorePanel({
  data,
  options,
  width,
  height,
  id,
  fieldConfig,
  timeZone,
  replaceVariables,
}: PanelProps<SecureScoreOptions>) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const model = useMemo(() => secureScoreModel(data.series), [data.series]);
  const decimals = options.decimals;

  if (!model.hasData) {
    return <NoData panelId={id} data={data} fieldConfig={fieldConfig} message={NO_DATA_MESSAGE} />;
  }

  const valueText = formatNumber(model.score, 0);
  const suffix = model.maxScore !== undefined ? ` / ${formatNumber(model.maxScore, 0)} points` : ' points';
  const percentText = model.percent !== undefined ? `${formatNumber(model.percent, decimals)}%` : '';
  const change = options.showChange ? model.change : undefined;
  const changeText = change
    ? `↑ ${formatNumber(Math.abs(change.delta), 0)} points since ${formatSince(change.since, timeZone)}`
    : '';
  const categories = options.showCategories ? model.categories : [];
  const canDrawTrend = model.trend.length >= 2;

  const layout = secureLayout({
    width,
    height,
    valueChars: valueText.length,
    suffixChars: suffix.length,
    asideChars: Math.max(percentText.length * 1.4, changeText.length),
    asideLines: (percentText ? 1 : 0) + (change ? 1 : 0),
    categories: categories.length,
    labelChars: Math.max(0, ...categories.map((c) => c.label.length)),
    pointsChars: Math.max(
      0,
      ...categories.map((c) => `${formatNumber(c.score, 0)} / ${formatNumber(c.maxScore, 0)}`.length)
    ),
    percentChars: Math.max(4, ...categories.map((c) => formatNumber(c.percent, decimals).length + 1)),
    trend: options.showTrend && canDrawTrend,
    trendNote: options.showTrend && !canDrawTrend,
  });

  const headline = (
    <div
      className={styles.headline}
      style={{
        flexDirection: layout.stackAside ? 'column' : 'row',
        gap: layout.stackAside ? layout.gap / 2 : layout.gap * 1.5,
      }}
    >
      <FieldDataLinks field={model.valueField} row={model.valueRow}>
        <span
          className={styles.value}
          style={{ fontSize: layout.value }}
          data-testid={testIds.value}
          aria-label={`Secure score ${valueText}${suffix}`}
        >
          {valueText}
          <span className={styles.suffix} style={{ fontSize: Math.max(layout.text, layout.value * 0.3) }} aria-hidden>
            {suffix}
          </span>
        </span>
      </FieldDataLinks>
      {(percentText || change) && (
        <div className={styles.aside} style={{ fontSize: layout.aside, gap: layout.aside * 0.3 }}>
          {percentText && (
            <span className={styles.percent} style={{ fontSize: layout.aside * 1.4 }} data-testid={testIds.percent}>
              {percentText}
            </span>
          )}
          {change && (
            <ChangeIndicator
              change={change}
              better="up"
              decimals={0}
              suffix=" points"
              fontSize={layout.aside}
              timeZone={timeZone}
              compact={layout.compactChange}
              testId={testIds.change}
            />
          )}
        </div>
      )}
    </div>
  );

  const trendLabel = canDrawTrend
    ? `Secure score trend from ${formatNumber(model.trend[0].value, 0)} to ${formatNumber(
        model.trend[model.trend.length - 1].value,
        0
      )} points`
    : '';
  const trend = layout.trend && (
    <TrendLine
      points={model.trend}
      width={layout.trendWidth}
      height={layout.trendHeight}
      color={theme.visualization.getColorByName(DEFAULT_BAR_COLOR)}
      label={trendLabel}
      bounds={[0, Math.max(...model.trend.map((p) => p.value), model.maxScore ?? 0)]}
      minSpan={model.maxScore ? model.maxScore * 0.05 : 1}
      decimals={0}
      timeZone={timeZone}
      testId={testIds.trend}
    />
  );
  const note = layout.trendNote && (
    <div className={styles.note} style={{ fontSize: layout.text }} data-testid={testIds.trendNote}>
      {model.hasHistory
        ? 'Not enough history in this time range to draw a trend'
        : 'No trend: add a "Secure score history" query'}
    </div>
  );

  const bars = layout.bars && (
    <ul
      className={styles.bars}
      style={{ width: layout.barsWidth, fontSize: layout.text, flex: layout.mode === 'stack' ? '1 1 auto' : 'none' }}
      aria-label="Secure score by category"
      data-testid={testIds.categories}
    >
      {categories.map((c) => (
        <CategoryBar
          key={c.category}
          category={c}
          url={buildDrilldownUrl(options.categoryUrl, replaceVariables, { category: c.category })}
          color={barColor(model.categoryPercentField, c.percent, theme)}
          decimals={decimals}
          rowHeight={layout.rowHeight}
          thickness={layout.barThickness}
          labelWidth={layout.labelWidth}
          labelAbove={layout.labelAbove}
          showPoints={layout.showPoints}
          pointsWidth={layout.pointsWidth}
          gap={layout.gap}
          styles={styles}
        />
      ))}
    </ul>
  );

  if (layout.mode === 'columns') {
    return (
      <div
        className={styles.root}
        style={{ width, height, flexDirection: 'row', gap: layout.gap * 3 }}
        data-testid={testIds.root}
      >
        <div className={styles.column} style={{ width: layout.mainWidth, gap: layout.gap }}>
          {headline}
          {trend}
          {note}
        </div>
        <div className={styles.barsColumn}>{bars}</div>
      </div>
    );
  }
  return (
    <div
      className={styles.root}
      style={{ width, height, flexDirection: 'column', gap: layout.gap }}
      data-testid={testIds.root}
    >
      {layout.trendInRow ? (
        <div className={styles.headlineRow} style={{ gap: layout.gap * 3 }}>
          <div style={{ width: layout.mainWidth }}>{headline}</div>
          {trend}
        </div>
      ) : (
        headline
      )}
      {bars}
      {!layout.trendInRow && trend}
      {note}
    </div>
  );
}

interface CategoryBarProps {
  category: CategoryScore;
  url?: string;
  color: string;
  decimals: number;
  rowHeight: number;
  thickness: number;
  labelWidth: number;
  labelAbove: boolean;
  showPoints: boolean;
  pointsWidth: number;
  gap: number;
  styles: ReturnType<typeof getStyles>;
}

function CategoryBar({
  category: c,
  url,
  color,
  decimals,
  rowHeight,
  thickness,
  labelWidth,
  labelAbove,
  showPoints,
  pointsWidth,
  gap,
  styles,
}: CategoryBarProps) {
  const fill = c.percent === undefined ? 0 : clamp(c.percent, 0, 100);
  const percentText = c.percent === undefined ? '—' : `${formatNumber(c.percent, decimals)}%`;
  const pointsText = `${formatNumber(c.score, 0)} / ${formatNumber(c.maxScore, 0)}`;
  const description =
    c.percent === undefined
      ? `${c.label}: no configuration check of this category applies to any device`
      : `${c.label}: ${pointsText} points, ${percentText}`;
  const track = (
    <span className={styles.track} style={{ height: thickness }}>
      <span
        className={styles.fill}
        style={{ width: `${fill}%`, background: color }}
        data-testid={testIds.bar}
        data-percent={fill}
      />
    </span>
  );
  const content = labelAbove ? (
    <>
      <span className={styles.rowTop}>
        <span className={styles.barLabel}>{c.label}</span>
        <span className={styles.barPercent}>{percentText}</span>
      </span>
      {track}
    </>
  ) : (
    <>
      <span className={styles.barLabel} style={{ width: labelWidth }}>
        {c.label}
      </span>
      {track}
      {showPoints && (
        <span className={styles.points} style={{ width: pointsWidth }}>
          {pointsText}
        </span>
      )}
      <span className={styles.barPercent}>{percentText}</span>
    </>
  );
  const rowStyle = labelAbove
    ? { height: rowHeight, flexDirection: 'column' as const, alignItems: 'stretch', justifyContent: 'center', gap: 3 }
    : { height: rowHeight, gap };
  return (
    <li>
      {url ? (
        <a
          className={styles.row}
          style={rowStyle}
          href={hrefFor(url)}
          onClick={navigateOnClick(url)}
          title={description}
          aria-label={`${description}. Open the recommendations of this category`}
          data-testid={testIds.category}
          data-category={c.category}
        >
          {content}
        </a>
      ) : (
        <span
          className={styles.row}
          style={rowStyle}
          title={description}
          data-testid={testIds.category}
          data-category={c.category}
        >
          {content}
        </span>
      )}
    </li>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({
    display: 'flex',
    overflow: 'hidden',
    fontFamily: theme.typography.fontFamily,
    color: theme.colors.text.primary,
  }),
  column: css({
    display: 'flex',
    flexDirection: 'column',
    justifyContent: 'space-between',
    minWidth: 0,
  }),
  barsColumn: css({
    flex: '1 1 auto',
    minWidth: 0,
    display: 'flex',
    alignItems: 'center',
  }),
  headlineRow: css({
    display: 'flex',
    flex: '1 1 auto',
    minHeight: 0,
    alignItems: 'stretch',
  }),
  rowTop: css({
    display: 'flex',
    justifyContent: 'space-between',
    gap: theme.spacing(1),
    minWidth: 0,
  }),
  headline: css({
    display: 'flex',
    alignItems: 'flex-start',
    flex: 'none',
  }),
  value: css({
    display: 'inline-flex',
    alignItems: 'baseline',
    lineHeight: 1,
    fontWeight: theme.typography.fontWeightMedium,
    fontVariantNumeric: 'tabular-nums',
    letterSpacing: '-0.02em',
    whiteSpace: 'nowrap',
  }),
  suffix: css({
    marginLeft: '0.25em',
    color: theme.colors.text.secondary,
    fontWeight: theme.typography.fontWeightRegular,
    letterSpacing: 0,
  }),
  aside: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    minWidth: 0,
  }),
  percent: css({
    lineHeight: 1.1,
    fontWeight: theme.typography.fontWeightMedium,
    fontVariantNumeric: 'tabular-nums',
  }),
  note: css({
    color: theme.colors.text.disabled,
    fontStyle: 'italic',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    flex: 'none',
  }),
  bars: css({
    listStyle: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    justifyContent: 'space-evenly',
    minHeight: 0,
  }),
  row: css({
    display: 'flex',
    alignItems: 'center',
    color: theme.colors.text.primary,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(0, 0.5),
    margin: theme.spacing(0, -0.5),
    fontVariantNumeric: 'tabular-nums',
    'a&:hover': {
      background: theme.colors.action.hover,
    },
    '&:focus-visible': {
      outline: `2px solid ${theme.colors.primary.main}`,
      outlineOffset: -2,
    },
  }),
  barLabel: css({
    flex: 'none',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  }),
  track: css({
    position: 'relative',
    flex: '1 1 auto',
    minWidth: 24,
    borderRadius: theme.shape.radius.pill,
    background: theme.colors.background.secondary,
    boxShadow: `inset 0 0 0 1px ${theme.colors.border.weak}`,
    overflow: 'hidden',
  }),
  fill: css({
    position: 'absolute',
    left: 0,
    top: 0,
    bottom: 0,
    borderRadius: theme.shape.radius.pill,
  }),
  points: css({
    flex: 'none',
    textAlign: 'right',
    color: theme.colors.text.secondary,
    whiteSpace: 'nowrap',
  }),
  barPercent: css({
    flex: 'none',
    minWidth: '3.2em',
    textAlign: 'right',
    fontWeight: theme.typography.fontWeightMedium,
    whiteSpace: 'nowrap',
  }),
});
