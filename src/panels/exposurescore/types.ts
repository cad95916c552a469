import { type ThresholdsConfig, ThresholdsMode } from '@grafana/data';
import { DASHBOARD_UIDS, EXPOSURE_THRESHOLDS, VARIABLES } from '../../constants';

export interface ExposureScoreOptions {
  /** The low / medium / high scale with a marker at the score. */
  showBand: boolean;
  /** The score over the dashboard's time range. */
  showTrend: boolean;
  /** The change since the start of the time range. */
  showChange: boolean;
  decimals: number;
  /** Text of the link under the card; empty hides the link. */
  linkText: string;
  /** Where the link goes; dashboard variables and `${__url_time_range}` are interpolated. */
  linkUrl: string;
}

export const DEFAULT_LINK_TEXT = 'Improve your score: view recommendations by impact';

export const DEFAULT_LINK_URL = `/d/${DASHBOARD_UIDS.recommendations}/security-recommendations?\${${VARIABLES.group}:queryparam}&\${__url_time_range}`;

export const DEFAULT_OPTIONS: ExposureScoreOptions = {
  showBand: true,
  showTrend: true,
  showChange: true,
  decimals: 0,
  linkText: DEFAULT_LINK_TEXT,
  linkUrl: DEFAULT_LINK_URL,
};

/** Colours of the levels: Defender's ramp, by name so each theme resolves its own shade. */
export const DEFAULT_LEVEL_COLORS = { Low: 'green', Medium: 'orange', High: 'red' } as const;

/** Thresholds the panel starts with: the documented bands low 0–29, medium 30–69, high 70–100. */
export const DEFAULT_THRESHOLDS: ThresholdsConfig = {
  mode: ThresholdsMode.Absolute,
  steps: [
    { value: -Infinity, color: DEFAULT_LEVEL_COLORS.Low },
    { value: EXPOSURE_THRESHOLDS.medium, color: DEFAULT_LEVEL_COLORS.Medium },
    { value: EXPOSURE_THRESHOLDS.high, color: DEFAULT_LEVEL_COLORS.High },
  ],
};
