import React from 'react';
import { css, cx } from '@emotion/css';
import { colorManipulator, type GrafanaTheme2 } from '@grafana/data';
import { useStyles2, useTheme2 } from '@grafana/ui';
import { formatNumber } from '../shared/format';
import { clamp, textWidth } from '../shared/sizing';
import { type Band, SCORE_MAX, SCORE_MIN } from './model';
import { testIds } from './testIds';

export interface ScoreBandProps {
  bands: Band[];
  score?: number;
  width: number;
  barHeight: number;
  textSize: number;
  decimals?: number;
}

/** The 0–100 scale split into the level bands, the current band in full colour and a marker at the score. */
export function ScoreBand({ bands, score, width, barHeight, textSize, decimals }: ScoreBandProps) {
  const theme = useTheme2();
  const styles = useStyles2(getStyles);
  const position = score === undefined ? undefined : clamp(score, SCORE_MIN, SCORE_MAX);
  const current = position === undefined ? undefined : (bands.find((b) => position < b.to) ?? bands[bands.length - 1]);
  const markerSize = Math.round(barHeight * 0.9 + 2);
  // Names under every band when each fits its segment, otherwise only the current one.
  const allNamesFit = bands.every(
    (b) => textWidth(b.level, textSize) + 4 <= ((b.to - b.from) / (SCORE_MAX - SCORE_MIN)) * width
  );
  const pct = (v: number) => `${((v - SCORE_MIN) / (SCORE_MAX - SCORE_MIN)) * 100}%`;
  const rangeText = (b: Band) =>
    `${b.level}: ${formatNumber(b.from, 0)}–${formatNumber(b.to === SCORE_MAX ? SCORE_MAX : b.to - 1, 0)}`;

  return (
    <div
      className={styles.band}
      style={{ width, paddingTop: markerSize }}
      role="img"
      aria-label={`Exposure level scale, ${bands.map(rangeText).join(', ')}${
        score === undefined ? '' : `; score ${formatNumber(score, decimals)}`
      }`}
      data-testid={testIds.band}
    >
      <div className={styles.bar} style={{ height: barHeight }}>
        {bands.map((b, i) => {
          const color = theme.visualization.getColorByName(b.color);
          const active = b === current;
          return (
            <div
              key={b.level}
              className={styles.segment}
              style={{
                left: pct(b.from),
                width: pct(SCORE_MIN + b.to - b.from),
                background: active ? color : colorManipulator.alpha(color, theme.isDark ? 0.3 : 0.25),
                borderTopLeftRadius: i === 0 ? barHeight / 2 : 0,
                borderBottomLeftRadius: i === 0 ? barHeight / 2 : 0,
                borderTopRightRadius: i === bands.length - 1 ? barHeight / 2 : 0,
                borderBottomRightRadius: i === bands.length - 1 ? barHeight / 2 : 0,
                // A hairline of the panel background separates the segments.
                boxShadow: i === bands.length - 1 ? 'none' : `inset -1px 0 0 ${theme.colors.background.primary}`,
              }}
              title={rangeText(b)}
              data-testid={testIds.bandSegment}
              data-level={b.level}
              data-active={active}
            />
          );
        })}
        {position !== undefined && (
          <div
            className={styles.marker}
            style={{ left: pct(position), height: barHeight + markerSize, top: -markerSize }}
            data-testid={testIds.bandMarker}
          >
            <svg
              width={markerSize * 1.4}
              height={markerSize}
              viewBox="0 0 14 10"
              className={styles.triangle}
              style={{ left: -markerSize * 0.7 }}
              aria-hidden
            >
              <path d="M0 0 H14 L7 10 Z" />
            </svg>
          </div>
        )}
      </div>
      <div className={styles.names} style={{ fontSize: textSize, height: Math.round(textSize * 1.5) }}>
        {bands
          .filter((b) => allNamesFit || b === current)
          .map((b) => (
            <span
              key={b.level}
              className={cx(styles.name, b === current && styles.currentName)}
              style={{ left: pct((b.from + b.to) / 2) }}
            >
              {b.level}
            </span>
          ))}
      </div>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  band: css({
    position: 'relative',
    flex: 'none',
  }),
  bar: css({
    position: 'relative',
    width: '100%',
  }),
  segment: css({
    position: 'absolute',
    top: 0,
    bottom: 0,
  }),
  marker: css({
    position: 'absolute',
    width: 2,
    marginLeft: -1,
    background: theme.colors.text.primary,
    borderRadius: 1,
  }),
  triangle: css({
    position: 'absolute',
    top: -2,
    fill: theme.colors.text.primary,
  }),
  names: css({
    position: 'relative',
    color: theme.colors.text.secondary,
    lineHeight: 1.5,
  }),
  name: css({
    position: 'absolute',
    transform: 'translateX(-50%)',
    whiteSpace: 'nowrap',
  }),
  currentName: css({
    color: theme.colors.text.primary,
    fontWeight: theme.typography.fontWeightMedium,
  }),
});
