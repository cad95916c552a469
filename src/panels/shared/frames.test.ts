import { createDataFrame, dateTime, FieldType } from '@grafana/data';
import {
  changeSinceStart,
  fieldByName,
  findFrame,
  lastFinite,
  numberAt,
  seriesPoints,
  stringAt,
  timeField,
  toEpochMs,
  toFiniteNumber,
} from './frames';

describe('toFiniteNumber', () => {
  it.each([
    [42, 42],
    [-3.5, -3.5],
    ['17', 17],
    [' 2.5 ', 2.5],
    [0, 0],
  ])('reads %p as %p', (input, expected) => {
    expect(toFiniteNumber(input)).toBe(expected);
  });

  it.each([[null], [undefined], [NaN], [Infinity], [-Infinity], [''], ['abc'], [true], [{}]])(
    'reads %p as no value',
    (input) => {
      expect(toFiniteNumber(input)).toBeUndefined();
    }
  );
});

describe('toEpochMs', () => {
  const ms = Date.UTC(2026, 10, 20, 10, 0, 0);

  it('reads epoch numbers, ISO strings, numeric strings, Date and Grafana DateTime', () => {
    expect(toEpochMs(ms)).toBe(ms);
    expect(toEpochMs('2026-11-20T10:00:00Z')).toBe(ms);
    expect(toEpochMs(String(ms))).toBe(ms);
    expect(toEpochMs(new Date(ms))).toBe(ms);
    expect(toEpochMs(dateTime(ms))).toBe(ms);
  });

  it('rejects what is not a time', () => {
    expect(toEpochMs('yesterday-ish')).toBeUndefined();
    expect(toEpochMs(null)).toBeUndefined();
    expect(toEpochMs(new Date('nope'))).toBeUndefined();
    expect(toEpochMs(NaN)).toBeUndefined();
  });
});

describe('findFrame', () => {
  const exposure = createDataFrame({
    refId: 'B',
    fields: [
      { name: 'score', type: FieldType.number, values: [63] },
      { name: 'level', type: FieldType.string, values: ['Medium'] },
    ],
  });
  const secure = createDataFrame({
    refId: 'A',
    fields: [
      { name: 'score', type: FieldType.number, values: [412] },
      { name: 'maxScore', type: FieldType.number, values: [560] },
    ],
  });

  it('finds frames by their field names whatever their order or refId', () => {
    expect(findFrame([secure, exposure], ['score'], ['maxScore'])).toBe(exposure);
    expect(findFrame([exposure, secure], ['score', 'maxScore'])).toBe(secure);
  });

  it('returns undefined when no frame has every required field', () => {
    expect(findFrame([exposure], ['score', 'maxScore'])).toBeUndefined();
    expect(findFrame(undefined, ['score'])).toBeUndefined();
  });
});

describe('cell readers', () => {
  const frame = createDataFrame({
    fields: [
      { name: 'n', type: FieldType.number, values: [1, null, NaN, 4, null] },
      { name: 's', type: FieldType.string, values: [' High ', '', null, 'Low', 'x'] },
    ],
  });
  const n = fieldByName(frame, 'n');
  const s = fieldByName(frame, 's');

  it('reads numbers and strings defensively, out-of-range rows included', () => {
    expect(numberAt(n, 0)).toBe(1);
    expect(numberAt(n, 1)).toBeUndefined();
    expect(numberAt(n, 2)).toBeUndefined();
    expect(numberAt(n, 9)).toBeUndefined();
    expect(numberAt(undefined, 0)).toBeUndefined();
    expect(stringAt(s, 0)).toBe('High');
    expect(stringAt(s, 1)).toBeUndefined();
    expect(stringAt(s, 2)).toBeUndefined();
    expect(stringAt(s, -1)).toBeUndefined();
  });

  it('finds the last finite value, skipping trailing nulls and NaN', () => {
    expect(lastFinite(n)).toEqual({ value: 4, row: 3 });
    expect(lastFinite(fieldByName(createDataFrame({ fields: [{ name: 'x', values: [null, NaN] }] }), 'x'))).toBe(
      undefined
    );
  });
});

describe('seriesPoints', () => {
  it('pairs time and value, skips gaps and sorts by time', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.time, values: [3000, 1000, 2000, 4000, null] },
        { name: 'exposureScore', type: FieldType.number, values: [30, 10, null, 40, 50] },
      ],
    });
    expect(seriesPoints(frame, 'exposureScore')).toEqual([
      { time: 1000, value: 10, row: 1 },
      { time: 3000, value: 30, row: 0 },
      { time: 4000, value: 40, row: 3 },
    ]);
  });

  it('uses a field named time when none is typed as time (ISO strings)', () => {
    const frame = createDataFrame({
      fields: [
        { name: 'time', type: FieldType.string, values: ['2026-11-19T00:00:00Z', '2026-11-20T00:00:00Z'] },
        { name: 'v', type: FieldType.number, values: [1, 2] },
      ],
    });
    expect(timeField(frame)?.name).toBe('time');
    expect(seriesPoints(frame, 'v').map((p) => p.value)).toEqual([1, 2]);
  });

  it('is empty without the frame or the value field', () => {
    expect(seriesPoints(undefined, 'v')).toEqual([]);
    expect(
      seriesPoints(createDataFrame({ fields: [{ name: 'time', type: FieldType.time, values: [1] }] }), 'v')
    ).toEqual([]);
  });
});

describe('changeSinceStart', () => {
  const points = [
    { time: 1000, value: 55, row: 0 },
    { time: 2000, value: 60, row: 1 },
  ];

  it('runs from the first point to the current value', () => {
    expect(changeSinceStart(points, 63)).toEqual({ from: 55, to: 63, delta: 8, since: 1000 });
    expect(changeSinceStart(points, 50)?.delta).toBe(-5);
  });

  it('says nothing without a start, a current value, or with a single identical point', () => {
    expect(changeSinceStart([], 63)).toBeUndefined();
    expect(changeSinceStart(points, undefined)).toBeUndefined();
    expect(changeSinceStart([points[0]], 55)).toBeUndefined();
    expect(changeSinceStart([points[0]], 58)?.delta).toBe(3);
  });
});
