import { type DataFrame, type Field, FieldType } from '@grafana/data';

/**
 * Reading the TVM data source's frames. A panel receives one frame per query (refId A, B, …) in whatever
 * order the dashboard lists them, so frames are recognised by their field names, never by refId or position.
 * Values are read defensively: a frame edited by a transformation, a null from the service or a string
 * from another data source must degrade to "no value", never to NaN on screen or an exception.
 */

/** A field of a frame, found by its name (not its display name, which overrides may change). */
export function fieldByName(frame: DataFrame | undefined, name: string): Field | undefined {
  return frame?.fields.find((field) => field.name === name);
}

/**
 * The first frame that has every `required` field and none of the `excluded` ones. Exclusions tell apart
 * frames that share names: the exposure score and the secure score both have a `score` field, but only the
 * secure score has `maxScore`.
 */
export function findFrame(
  frames: DataFrame[] | undefined,
  required: string[],
  excluded: string[] = []
): DataFrame | undefined {
  return (frames ?? []).find(
    (frame) => required.every((name) => fieldByName(frame, name)) && !excluded.some((name) => fieldByName(frame, name))
  );
}

/** A finite number, or undefined for null, undefined, NaN, ±Infinity, booleans and non-numeric strings. */
export function toFiniteNumber(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** Epoch milliseconds from what a time field may hold: numbers, ISO strings, Date or Grafana DateTime objects. */
export function toEpochMs(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) ? value : undefined;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : Date.parse(value);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isFinite(ms) ? ms : undefined;
  }
  if (value && typeof value === 'object' && typeof (value as { valueOf: () => unknown }).valueOf === 'function') {
    const ms = (value as { valueOf: () => unknown }).valueOf();
    return typeof ms === 'number' && Number.isFinite(ms) ? ms : undefined;
  }
  return undefined;
}

/** The value at a row, as a finite number or undefined. */
export function numberAt(field: Field | undefined, row: number): number | undefined {
  if (!field || row < 0 || row >= field.values.length) {
    return undefined;
  }
  return toFiniteNumber(field.values[row]);
}

/** The value at a row, as a trimmed non-empty string or undefined. */
export function stringAt(field: Field | undefined, row: number): string | undefined {
  if (!field || row < 0 || row >= field.values.length) {
    return undefined;
  }
  const value = field.values[row];
  if (value === null || value === undefined) {
    return undefined;
  }
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/** The last row of a field whose value is a finite number. */
export function lastFinite(field: Field | undefined): { value: number; row: number } | undefined {
  if (!field) {
    return undefined;
  }
  for (let row = field.values.length - 1; row >= 0; row--) {
    const value = toFiniteNumber(field.values[row]);
    if (value !== undefined) {
      return { value, row };
    }
  }
  return undefined;
}

/** The time field of a frame: the field of type time, else one named `time`. */
export function timeField(frame: DataFrame | undefined): Field | undefined {
  return frame?.fields.find((field) => field.type === FieldType.time) ?? fieldByName(frame, 'time');
}

export interface Point {
  /** Epoch milliseconds. */
  time: number;
  value: number;
  /** Row of the frame the point comes from (for data links). */
  row: number;
}

/**
 * The (time, value) pairs of a history frame, in time order. Rows without a usable time or value are gaps
 * in the service's history (a recompute that found no active devices), so they are skipped, not drawn as 0.
 */
export function seriesPoints(frame: DataFrame | undefined, valueName: string): Point[] {
  const times = timeField(frame);
  const values = fieldByName(frame, valueName);
  if (!times || !values) {
    return [];
  }
  const points: Point[] = [];
  const rows = Math.min(times.values.length, values.values.length);
  for (let row = 0; row < rows; row++) {
    const time = toEpochMs(times.values[row]);
    const value = toFiniteNumber(values.values[row]);
    if (time !== undefined && value !== undefined) {
      points.push({ time, value, row });
    }
  }
  // Stable sort: a frame already in order (the usual case) stays as it is.
  return points.sort((a, b) => a.time - b.time);
}

/** Change between the first point of a series and a current value. */
export interface Change {
  from: number;
  to: number;
  delta: number;
  /** Epoch ms of the first point: "since <date>". */
  since: number;
}

/** The change from the first point of `points` to `current`; undefined without a start or a current value. */
export function changeSinceStart(points: Point[], current: number | undefined): Change | undefined {
  if (points.length === 0 || current === undefined) {
    return undefined;
  }
  const first = points[0];
  // One point that is also the current value says nothing about a change.
  if (points.length === 1 && first.value === current) {
    return undefined;
  }
  return { from: first.value, to: current, delta: current - first.value, since: first.time };
}
