import { type DataFrame, type Field } from '@grafana/data';
import { EXPOSURE_LEVELS, type ExposureLevel } from '../../datasource/types';
import { fieldByName, findFrame, numberAt, stringAt } from '../shared/frames';

/** Legend and drawing order: the levels that need action first, devices without data last. */
export const LEVEL_ORDER: ExposureLevel[] = ['High', 'Medium', 'Low', 'None'];

export const LEVEL_LABELS: Record<ExposureLevel, string> = {
  High: 'High',
  Medium: 'Medium',
  Low: 'Low',
  // Defender's "No data available": inactive devices, unsupported OS, stale agent.
  None: 'No data',
};

/** Colour names per level (Defender's ramp); `None` is a neutral from the theme, not a palette colour. */
export const LEVEL_COLORS: Record<Exclude<ExposureLevel, 'None'>, string> = {
  High: 'red',
  Medium: 'orange',
  Low: 'green',
};

export interface LevelCount {
  level: ExposureLevel;
  label: string;
  devices: number;
  /** Share of the total, 0..1 (0 when the total is 0). */
  share: number;
}

export interface DistributionModel {
  hasData: boolean;
  source?: 'distribution' | 'history';
  total: number;
  /** Every level in LEVEL_ORDER, zero counts included (the legend lists them all). */
  levels: LevelCount[];
  /** The `level` field of the distribution frame, for value-mapping colours. */
  levelField?: Field;
  /** Rows of the frame that were ignored (unknown level names). */
  ignoredRows: number;
}

/** The API's level names, plus the labels people type ("No data"), in any case. */
export function parseLevel(text: string | undefined): ExposureLevel | undefined {
  if (!text) {
    return undefined;
  }
  const key = text.replace(/[\s_-]/g, '').toLowerCase();
  if (key === 'nodata' || key === 'noknown' || key === 'nodataavailable') {
    return 'None';
  }
  return EXPOSURE_LEVELS.find((level) => level.toLowerCase() === key);
}

/** A device count: a finite number, negatives and fractions (from a bad transformation) read as whole devices ≥ 0. */
function deviceCount(value: number | undefined): number {
  return value === undefined || value <= 0 ? 0 : Math.round(value);
}

function withShares(counts: Record<ExposureLevel, number>, include: (level: ExposureLevel) => boolean) {
  const levels = LEVEL_ORDER.filter(include);
  const total = levels.reduce((sum, level) => sum + counts[level], 0);
  return {
    total,
    levels: levels.map((level) => ({
      level,
      label: LEVEL_LABELS[level],
      devices: counts[level],
      share: total > 0 ? counts[level] / total : 0,
    })),
  };
}

/**
 * Frames → devices per exposure level. Reads the `exposureDistribution` frame (`level`, `devices`; rows of
 * the same level, e.g. per device group, add up); without one, the last row of the exposure history, whose
 * `None`/`Low`/`Medium`/`High` columns hold the same counts.
 */
export function distributionModel(
  frames: DataFrame[] | undefined,
  options: { showNoData: boolean }
): DistributionModel {
  const all = frames ?? [];
  const include = (level: ExposureLevel) => options.showNoData || level !== 'None';
  const counts: Record<ExposureLevel, number> = { None: 0, Low: 0, Medium: 0, High: 0 };

  const distribution = findFrame(all, ['level', 'devices']);
  if (distribution && distribution.length > 0) {
    const levelField = fieldByName(distribution, 'level');
    const devicesField = fieldByName(distribution, 'devices');
    let ignoredRows = 0;
    for (let row = 0; row < distribution.length; row++) {
      const level = parseLevel(stringAt(levelField, row));
      if (level) {
        counts[level] += deviceCount(numberAt(devicesField, row));
      } else {
        ignoredRows++;
      }
    }
    return { hasData: true, source: 'distribution', ...withShares(counts, include), levelField, ignoredRows };
  }

  const wide = findFrame(all, ['Low', 'Medium', 'High']);
  if (wide && wide.length > 0) {
    const fields = Object.fromEntries(EXPOSURE_LEVELS.map((level) => [level, fieldByName(wide, level)])) as Record<
      ExposureLevel,
      Field | undefined
    >;
    // The newest row that has a count at all (history rows of a failed recompute are empty).
    for (let row = wide.length - 1; row >= 0; row--) {
      if (EXPOSURE_LEVELS.some((level) => numberAt(fields[level], row) !== undefined)) {
        for (const level of EXPOSURE_LEVELS) {
          counts[level] = deviceCount(numberAt(fields[level], row));
        }
        return { hasData: true, source: 'history', ...withShares(counts, include), ignoredRows: 0 };
      }
    }
  }

  return { hasData: false, ...withShares(counts, include), ignoredRows: 0 };
}
