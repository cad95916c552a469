import React from 'react';
import { css, cx } from '@emotion/css';
import { type GrafanaTheme2 } from '@grafana/data';
import type { TimeZone } from '@grafana/schema';
import { useStyles2 } from '@grafana/ui';
import type { Change } from './frames';
import { directionOf, formatNumber, formatSince } from './format';

export interface ChangeIndicatorProps {
  change: Change;
  /** Which direction is an improvement: down for the exposure score, up for the secure score. */
  better: 'up' | 'down';
  decimals?: number;
  /** Appended to the amount, e.g. " points". */
  suffix?: string;
  fontSize: number;
  timeZone?: TimeZone;
  /** Hide "since …" when space is short. */
  compact?: boolean;
  className?: string;
  testId?: string;
}

const ARROWS = { up: '↑', down: '↓', flat: '→' } as const;

/** "↑ 4 since Nov 13", red when worse and green when better; the arrow carries the direction without colour. */
export function ChangeIndicator({
  change,
  better,
  decimals,
  suffix = '',
  fontSize,
  timeZone,
  compact,
  className,
  testId,
}: ChangeIndicatorProps) {
  const styles = useStyles2(getStyles);
  const direction = directionOf(change.delta, decimals);
  const sentiment = direction === 'flat' ? 'neutral' : direction === better ? 'good' : 'bad';
  const since = formatSince(change.since, timeZone);
  const amount = direction === 'flat' ? 'No change' : `${formatNumber(Math.abs(change.delta), decimals)}${suffix}`;
  const verdict = sentiment === 'good' ? 'better' : sentiment === 'bad' ? 'worse' : 'unchanged';
  return (
    <span
      className={cx(styles.change, styles[sentiment], className)}
      style={{ fontSize }}
      title={`From ${formatNumber(change.from, decimals)} to ${formatNumber(change.to, decimals)} since ${since}`}
      aria-label={`${direction === 'flat' ? 'No change' : `${direction === 'up' ? 'Up' : 'Down'} ${amount}`} since ${since}, ${verdict}`}
      data-testid={testId}
      data-sentiment={sentiment}
    >
      <span aria-hidden className={styles.arrow}>
        {ARROWS[direction]}
      </span>
      <span aria-hidden>{amount}</span>
      {!compact && (
        <span aria-hidden className={styles.since}>
          since {since}
        </span>
      )}
    </span>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  change: css({
    display: 'inline-flex',
    alignItems: 'baseline',
    gap: '0.3em',
    whiteSpace: 'nowrap',
    fontWeight: theme.typography.fontWeightMedium,
    fontVariantNumeric: 'tabular-nums',
    lineHeight: 1.2,
  }),
  arrow: css({
    fontWeight: theme.typography.fontWeightBold,
  }),
  since: css({
    color: theme.colors.text.secondary,
    fontWeight: theme.typography.fontWeightRegular,
  }),
  good: css({ color: theme.colors.success.text }),
  bad: css({ color: theme.colors.error.text }),
  neutral: css({ color: theme.colors.text.secondary }),
});
