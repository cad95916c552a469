import React, { useMemo } from 'react';
import { css } from '@emotion/css';
import { type GrafanaTheme2, type PanelProps } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { ChangeIndicator } from '../shared/ChangeIndicator';
import { FieldDataLinks } from '../shared/FieldDataLinks';
import { formatNumber, formatSince } from '../shared/format';
import { buildDrilldownUrl, hrefFor } from '../shared/links';
import { navigateOnClick } from '../shared/navigation';
import { TrendLine } from '../shared/TrendLine';
import { exposureLayout } from './layout';
import { SCORE_MAX, SCORE_MIN, exposureScoreModel } from './model';
import { ScoreBand } from './ScoreBand';
import { testIds } from './testIds';
import type { ExposureScoreOptions } from './types';
import { NoData } from '../shared/NoData';

export const NO_DATA_MESSAGE =
  'No exposure score in the results. Add an "Exposure score" or "Exposure score history" query of the TVM data source';

/**
 * The exposure score card of Defender's TVM dashboard: the organisation's score (0–100, lower is better),
 * its level on the low/medium/high scale, the trend over the time range, the change since its start, and the
 * way to improve it.
 */
export function ExposureScorePanel({
  data,
  options,
  width,
  height,
  id,
  fieldConfig,
  timeZone,
  replaceVariables,
}: PanelProps<ExposureScoreOptions>) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const model = useMemo(() => exposureScoreModel(data.series), [data.series]);
  const decimals = options.decimals;

  if (!model.hasData) {
    return <NoData panelId={id} data={data} fieldConfig={fieldConfig} message={NO_DATA_MESSAGE} />;
  }

  const valueText = formatNumber(model.score, decimals);
  const change = options.showChange ? model.change : undefined;
  const changeText = change
    ? `↑ ${formatNumber(Math.abs(change.delta), decimals)} since ${formatSince(change.since, timeZone)}`
    : '';
  const url = options.linkText.trim() ? buildDrilldownUrl(options.linkUrl, replaceVariables) : undefined;
  const canDrawTrend = model.trend.length >= 2;

  const bandColor = model.band ? theme.visualization.getColorByName(model.band.color) : theme.colors.text.disabled;
  const levelName = model.band?.level ?? 'No data';
  const noScoreReason =
    model.score === undefined
      ? model.activeDevices === 0 || model.reportedLevel === 'None'
        ? 'No active devices to score'
        : 'No score reported'
      : undefined;

  const layout = exposureLayout({
    width,
    height,
    valueChars: valueText.length,
    band: options.showBand,
    trend: options.showTrend && canDrawTrend,
    trendNote: options.showTrend && !canDrawTrend,
    link: url !== undefined,
    levelChars: levelName.length,
    changeChars: Math.max(changeText.length, noScoreReason?.length ?? 0),
    asideLines: 1 + (noScoreReason ? 1 : 0) + (change ? 1 : 0),
  });

  const headline = (
    <div
      className={styles.headline}
      style={{
        flexDirection: layout.stackAside ? 'column' : 'row',
        gap: layout.stackAside ? layout.gap / 2 : layout.gap,
      }}
    >
      <FieldDataLinks field={model.valueField} row={model.valueRow}>
        <span
          className={styles.value}
          style={{ fontSize: layout.value, color: model.band ? bandColor : theme.colors.text.secondary }}
          data-testid={testIds.value}
          aria-label={
            model.score === undefined ? 'Exposure score: no data' : `Exposure score ${valueText} of ${SCORE_MAX}`
          }
        >
          {valueText}
          {model.score !== undefined && (
            <span className={styles.outOf} style={{ fontSize: Math.max(layout.text, layout.value * 0.3) }} aria-hidden>
              /{SCORE_MAX}
            </span>
          )}
        </span>
      </FieldDataLinks>
      <div className={styles.aside} style={{ fontSize: layout.aside, gap: layout.aside * 0.35 }}>
        <span
          className={styles.level}
          style={{
            background: bandColor,
            color: theme.colors.getContrastText(bandColor),
          }}
          data-testid={testIds.level}
          data-level={levelName}
        >
          {levelName}
        </span>
        {noScoreReason && <span className={styles.muted}>{noScoreReason}</span>}
        {change && (
          <ChangeIndicator
            change={change}
            better="down"
            decimals={decimals}
            fontSize={layout.aside}
            timeZone={timeZone}
            compact={layout.compactChange}
            testId={testIds.change}
          />
        )}
      </div>
    </div>
  );

  const trendLabel = canDrawTrend
    ? `Exposure score trend from ${formatNumber(model.trend[0].value, decimals)} to ${formatNumber(
        model.trend[model.trend.length - 1].value,
        decimals
      )}`
    : '';
  const trend = layout.trend && (
    <TrendLine
      points={model.trend}
      width={layout.trendWidth}
      height={layout.trendHeight}
      color={bandColor}
      label={trendLabel}
      bounds={[SCORE_MIN, SCORE_MAX]}
      minSpan={10}
      guides={model.bands.slice(1).map((b) => ({ value: b.from, color: theme.visualization.getColorByName(b.color) }))}
      decimals={decimals}
      timeZone={timeZone}
      testId={testIds.trend}
    />
  );

  const main = (
    <div className={styles.column} style={{ gap: layout.gap, width: layout.mainWidth }}>
      {headline}
      {layout.band && (
        <ScoreBand
          bands={model.bands}
          score={model.score}
          width={layout.mainWidth}
          barHeight={layout.bandBar}
          textSize={layout.text}
          decimals={decimals}
        />
      )}
      {!layout.trendBeside && trend}
      {layout.trendNote && (
        <div className={styles.note} style={{ fontSize: layout.text }} data-testid={testIds.trendNote}>
          {model.hasHistory
            ? 'Not enough history in this time range to draw a trend'
            : 'No trend: add an "Exposure score history" query'}
        </div>
      )}
      {layout.link && url && (
        <a
          className={styles.link}
          style={{ fontSize: layout.text }}
          href={hrefFor(url)}
          onClick={navigateOnClick(url)}
          data-testid={testIds.link}
        >
          {options.linkText}
          <span aria-hidden> →</span>
        </a>
      )}
    </div>
  );

  return (
    <div className={styles.root} style={{ width, height, gap: layout.gap * 2 }} data-testid={testIds.root}>
      {main}
      {layout.trendBeside && trend}
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  root: css({
    display: 'flex',
    flexDirection: 'row',
    alignItems: 'stretch',
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
  headline: css({
    display: 'flex',
    alignItems: 'flex-start',
    flex: '1 1 auto',
    minHeight: 0,
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
  outOf: css({
    marginLeft: '0.1em',
    color: theme.colors.text.secondary,
    fontWeight: theme.typography.fontWeightRegular,
    letterSpacing: 0,
  }),
  aside: css({
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    minWidth: 0,
    paddingTop: '0.15em',
  }),
  level: css({
    padding: '0.1em 0.6em',
    borderRadius: theme.shape.radius.pill,
    fontWeight: theme.typography.fontWeightMedium,
    lineHeight: 1.4,
    whiteSpace: 'nowrap',
  }),
  muted: css({
    color: theme.colors.text.secondary,
  }),
  note: css({
    color: theme.colors.text.disabled,
    fontStyle: 'italic',
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    flex: 'none',
  }),
  link: css({
    flex: 'none',
    color: theme.colors.text.link,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    lineHeight: 1.5,
    borderRadius: theme.shape.radius.default,
    '&:hover': {
      textDecoration: 'underline',
    },
    '&:focus-visible': {
      outline: `2px solid ${theme.colors.primary.main}`,
      outlineOffset: 2,
    },
  }),
});
