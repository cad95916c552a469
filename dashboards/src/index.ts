/**
 * The TVM dashboards, generated: `npm run dashboards` writes `dashboards/<key>.json`, and
 * dashboards.test.ts fails when a committed file differs from what this module builds.
 */
import type { Dashboard } from '@grafana/schema';
import { DASHBOARD_UIDS, type DashboardKey } from '../../src/constants';
import { devicePage, devices } from './boards/devices';
import { eventTimeline } from './boards/events';
import { overview } from './boards/overview';
import { recommendations } from './boards/recommendations';
import { remediationBoard } from './boards/remediation';
import { softwareInventory, softwarePage } from './boards/software';
import { wall } from './boards/wall';
import { weaknesses } from './boards/weaknesses';
import { fileKeyOf } from './grafana';

const BUILDERS: Record<DashboardKey, () => Dashboard> = {
  overview,
  recommendations,
  remediation: remediationBoard,
  softwareInventory,
  software: softwarePage,
  weaknesses,
  devices,
  device: devicePage,
  events: eventTimeline,
  wall,
};

/** Every dashboard with the file name it is committed under (`<uid without tvm->.json`). */
export function buildDashboards(): Array<{ key: DashboardKey; file: string; dashboard: Dashboard }> {
  return (Object.keys(DASHBOARD_UIDS) as DashboardKey[]).map((key) => ({
    key,
    file: `${fileKeyOf(key)}.json`,
    dashboard: BUILDERS[key](),
  }));
}
