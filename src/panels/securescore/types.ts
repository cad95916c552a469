import { DASHBOARD_UIDS, VARIABLES } from '../../constants';

export interface SecureScoreOptions {
  /** One bar per configuration category. */
  showCategories: boolean;
  /** The score over the dashboard's time range. */
  showTrend: boolean;
  /** The change since the start of the time range. */
  showChange: boolean;
  /** Decimals of the percentages. */
  decimals: number;
  /** Where a category bar goes; `${category}` is the category clicked (Application, OS, …, SecurityControls). */
  categoryUrl: string;
}

export const DEFAULT_CATEGORY_URL = `/d/${DASHBOARD_UIDS.recommendations}/security-recommendations?var-${VARIABLES.category}=\${category}&\${${VARIABLES.group}:queryparam}&\${__url_time_range}`;

export const DEFAULT_OPTIONS: SecureScoreOptions = {
  showCategories: true,
  showTrend: true,
  showChange: true,
  decimals: 0,
  categoryUrl: DEFAULT_CATEGORY_URL,
};

/** Bars are blue like Defender's; switch the colour scheme to thresholds to colour them by percent. */
export const DEFAULT_BAR_COLOR = 'blue';
