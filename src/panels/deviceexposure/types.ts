import { DASHBOARD_UIDS, VARIABLES } from '../../constants';

export type LegendPlacement = 'right' | 'bottom' | 'hidden';

export interface DeviceExposureOptions {
  legendPlacement: LegendPlacement;
  /** Include devices without an exposure level (inactive, unsupported OS) as a "No data" slice. */
  showNoData: boolean;
  /** Where a slice or legend item goes; `${level}` is the level clicked (None, Low, Medium, High). */
  levelUrl: string;
}

export const DEFAULT_LEVEL_URL = `/d/${DASHBOARD_UIDS.devices}/devices?var-${VARIABLES.level}=\${level}&\${${VARIABLES.group}:queryparam}&\${__url_time_range}`;

export const DEFAULT_OPTIONS: DeviceExposureOptions = {
  legendPlacement: 'right',
  showNoData: true,
  levelUrl: DEFAULT_LEVEL_URL,
};
