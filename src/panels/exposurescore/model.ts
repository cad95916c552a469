import { type DataFrame, type Field, type ThresholdsConfig, ThresholdsMode } from '@grafana/data';
import { EXPOSURE_THRESHOLDS } from '../../constants';
import {
  type Change,
  type Point,
  changeSinceStart,
  fieldByName,
  findFrame,
  numberAt,
  seriesPoints,
  stringAt,
  timeField,
  toEpochMs,
  toFiniteNumber,
} from '../shared/frames';
import { DEFAULT_LEVEL_COLORS } from './types';

export type BandLevel = 'Low' | 'Medium' | 'High';

export interface Band {
  level: BandLevel;
  /** Inclusive lower bound on the 0–100 scale. */
  from: number;
  /** Exclusive upper bound (100 for the last band). */
  to: number;
  /** Colour name or CSS colour from the thresholds; the theme resolves it. */
  color: string;
}

export const SCORE_MIN = 0;
export const SCORE_MAX = 100;

const DEFAULT_BANDS: Band[] = [
  { level: 'Low', from: SCORE_MIN, to: EXPOSURE_THRESHOLDS.medium, color: DEFAULT_LEVEL_COLORS.Low },
  {
    level: 'Medium',
    from: EXPOSURE_THRESHOLDS.medium,
    to: EXPOSURE_THRESHOLDS.high,
    color: DEFAULT_LEVEL_COLORS.Medium,
  },
  { level: 'High', from: EXPOSURE_THRESHOLDS.high, to: SCORE_MAX, color: DEFAULT_LEVEL_COLORS.High },
];

/**
 * The three level bands from a field's thresholds: the base step colours Low, the next two steps start
 * Medium and High. Thresholds that cannot describe three ordered bands inside 0–100 (Grafana's generic
 * default of a single step at 80, steps out of range) fall back to the documented 30/70, so a half-edited
 * threshold list never produces a nonsense scale.
 */
export function exposureBands(
  thresholds: ThresholdsConfig | undefined,
  field?: Field
): { bands: Band[]; custom: boolean } {
  const steps = thresholds?.steps ?? [];
  const base = steps.find((s) => s.value === -Infinity || s.value === null);
  const toScore = (value: number) => {
    if (thresholds?.mode !== ThresholdsMode.Percentage) {
      return value;
    }
    const min = toFiniteNumber(field?.config.min) ?? SCORE_MIN;
    const max = toFiniteNumber(field?.config.max) ?? SCORE_MAX;
    return min + ((max - min) * value) / 100;
  };
  const bounds = steps
    .filter((s) => s !== base && toFiniteNumber(s.value) !== undefined)
    .map((s) => ({ value: toScore(s.value), color: s.color }))
    .sort((a, b) => a.value - b.value);
  if (!base || bounds.length < 2) {
    return { bands: DEFAULT_BANDS, custom: false };
  }
  const [medium, high] = bounds;
  if (!(medium.value > SCORE_MIN && medium.value < high.value && high.value < SCORE_MAX)) {
    return { bands: DEFAULT_BANDS, custom: false };
  }
  return {
    bands: [
      { level: 'Low', from: SCORE_MIN, to: medium.value, color: base.color },
      { level: 'Medium', from: medium.value, to: high.value, color: medium.color },
      { level: 'High', from: high.value, to: SCORE_MAX, color: high.color },
    ],
    custom: true,
  };
}

/** The band a score falls in; scores outside 0–100 belong to the nearest end. */
export function bandOf(score: number, bands: Band[]): Band {
  return bands.find((b) => score < b.to) ?? bands[bands.length - 1];
}

export interface ExposureScoreModel {
  /** Some exposure data exists (a current score row or history points); otherwise the panel shows no-data. */
  hasData: boolean;
  /** The current score; undefined when the service reports none (no active device). */
  score?: number;
  /** Where the score comes from. */
  source?: 'current' | 'history';
  band?: Band;
  bands: Band[];
  /** The level the service reports; 'None' means it had no active device to score. */
  reportedLevel?: string;
  activeDevices?: number;
  /** Time of the score. */
  time?: number;
  /** History points over the time range, in time order. */
  trend: Point[];
  /** A history query is part of the panel (even if it returned no points). */
  hasHistory: boolean;
  change?: Change;
  /** The field and row the score was read from, for its data links. */
  valueField?: Field;
  valueRow?: number;
}

/** Frame of the `exposureScore` query: `score` without the secure score's `maxScore`. */
export function findCurrentFrame(frames: DataFrame[]): DataFrame | undefined {
  return findFrame(frames, ['score', 'level'], ['maxScore']) ?? findFrame(frames, ['score'], ['maxScore', 'category']);
}

/** Frame of the `exposureScoreHistory` query. */
export function findHistoryFrame(frames: DataFrame[]): DataFrame | undefined {
  return findFrame(frames, ['exposureScore']);
}

/**
 * Frames → what the exposure card shows. The current score comes from the `exposureScore` query when the
 * panel has one, else from the last point of the history; the change runs from the first history point to
 * that score.
 */
export function exposureScoreModel(frames: DataFrame[] | undefined): ExposureScoreModel {
  const all = frames ?? [];
  const current = findCurrentFrame(all);
  const history = findHistoryFrame(all);
  const trend = seriesPoints(history, 'exposureScore');

  let score: number | undefined;
  let source: ExposureScoreModel['source'];
  let valueField: Field | undefined;
  let valueRow: number | undefined;
  let reportedLevel: string | undefined;
  let activeDevices: number | undefined;
  let time: number | undefined;

  const rows = current?.length ?? 0;
  if (current && rows > 0) {
    const scoreField = fieldByName(current, 'score');
    // The organisation frame has one row; with several (a per-group breakdown), the last scored row counts.
    let row = rows - 1;
    for (let r = rows - 1; r >= 0; r--) {
      if (numberAt(scoreField, r) !== undefined) {
        row = r;
        break;
      }
    }
    score = numberAt(scoreField, row);
    source = 'current';
    valueField = scoreField;
    valueRow = row;
    reportedLevel = stringAt(fieldByName(current, 'level'), row);
    activeDevices = numberAt(fieldByName(current, 'activeDevices'), row);
    time = toEpochMs(timeField(current)?.values[row]);
  } else if (trend.length > 0) {
    const last = trend[trend.length - 1];
    score = last.value;
    source = 'history';
    valueField = fieldByName(history, 'exposureScore');
    valueRow = last.row;
    time = last.time;
  }

  const { bands } = exposureBands(valueField?.config.thresholds, valueField);
  return {
    hasData: source !== undefined,
    score,
    source,
    band: score === undefined ? undefined : bandOf(score, bands),
    bands,
    reportedLevel,
    activeDevices,
    time,
    trend,
    hasHistory: history !== undefined,
    change: changeSinceStart(trend, score),
    valueField,
    valueRow,
  };
}
