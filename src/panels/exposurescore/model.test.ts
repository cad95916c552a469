import { createDataFrame, FieldType, ThresholdsMode } from '@grafana/data';
import { EXPOSURE_THRESHOLDS } from '../../constants';
import { bandOf, exposureBands, exposureScoreModel } from './model';

const DAY = 86400000;
const NOW = Date.UTC(2026, 10, 20);

const current = (score: number | null, extra: { level?: string; activeDevices?: number } = {}) =>
  createDataFrame({
    refId: 'A',
    fields: [
      { name: 'time', type: FieldType.time, values: [NOW] },
      { name: 'score', type: FieldType.number, values: [score] },
      { name: 'level', type: FieldType.string, values: [extra.level ?? 'Medium'] },
      { name: 'activeDevices', type: FieldType.number, values: [extra.activeDevices ?? 412] },
    ],
  });

const history = (values: Array<number | null>) =>
  createDataFrame({
    refId: 'B',
    fields: [
      { name: 'time', type: FieldType.time, values: values.map((_, i) => NOW - (values.length - 1 - i) * DAY) },
      { name: 'exposureScore', type: FieldType.number, values },
      { name: 'High', type: FieldType.number, values: values.map(() => 3) },
    ],
  });

const secureOverall = createDataFrame({
  refId: 'C',
  fields: [
    { name: 'score', type: FieldType.number, values: [412] },
    { name: 'maxScore', type: FieldType.number, values: [560] },
  ],
});

describe('exposureBands', () => {
  it('uses the documented 30/70 bands without thresholds', () => {
    const { bands, custom } = exposureBands(undefined);
    expect(custom).toBe(false);
    expect(bands.map((b) => [b.level, b.from, b.to])).toEqual([
      ['Low', 0, EXPOSURE_THRESHOLDS.medium],
      ['Medium', EXPOSURE_THRESHOLDS.medium, EXPOSURE_THRESHOLDS.high],
      ['High', EXPOSURE_THRESHOLDS.high, 100],
    ]);
  });

  it('takes bounds and colours from the field thresholds, in any order', () => {
    const { bands, custom } = exposureBands({
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: 80, color: 'purple' },
        { value: -Infinity, color: 'blue' },
        { value: 40, color: 'yellow' },
      ],
    });
    expect(custom).toBe(true);
    expect(bands).toEqual([
      { level: 'Low', from: 0, to: 40, color: 'blue' },
      { level: 'Medium', from: 40, to: 80, color: 'yellow' },
      { level: 'High', from: 80, to: 100, color: 'purple' },
    ]);
  });

  it('reads a base step saved as null (JSON has no -Infinity)', () => {
    const { custom } = exposureBands({
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: null as unknown as number, color: 'green' },
        { value: 25, color: 'orange' },
        { value: 60, color: 'red' },
      ],
    });
    expect(custom).toBe(true);
  });

  it('converts percentage thresholds on the 0–100 scale', () => {
    const { bands } = exposureBands({
      mode: ThresholdsMode.Percentage,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 20, color: 'orange' },
        { value: 50, color: 'red' },
      ],
    });
    expect(bands.map((b) => b.from)).toEqual([0, 20, 50]);
  });

  it("falls back to 30/70 for Grafana's generic default or unusable steps", () => {
    const generic = {
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 80, color: 'red' },
      ],
    };
    expect(exposureBands(generic).custom).toBe(false);
    const outOfRange = {
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 50, color: 'orange' },
        { value: 150, color: 'red' },
      ],
    };
    expect(exposureBands(outOfRange).custom).toBe(false);
  });
});

describe('bandOf', () => {
  const { bands } = exposureBands(undefined);
  it.each([
    [0, 'Low'],
    [29.9, 'Low'],
    [30, 'Medium'],
    [69.99, 'Medium'],
    [70, 'High'],
    [100, 'High'],
    [-5, 'Low'],
    [130, 'High'],
  ])('%p is %p', (score, level) => {
    expect(bandOf(score, bands).level).toBe(level);
  });
});

describe('exposureScoreModel', () => {
  it('takes the current score from the exposureScore frame and the trend from the history', () => {
    const model = exposureScoreModel([history([55, 58, 60]), current(63)]);
    expect(model.hasData).toBe(true);
    expect(model.source).toBe('current');
    expect(model.score).toBe(63);
    expect(model.band?.level).toBe('Medium');
    expect(model.activeDevices).toBe(412);
    expect(model.time).toBe(NOW);
    expect(model.trend.map((p) => p.value)).toEqual([55, 58, 60]);
    expect(model.change).toMatchObject({ from: 55, to: 63, delta: 8 });
    expect(model.valueField?.name).toBe('score');
  });

  it('falls back to the last history point without a current frame', () => {
    const model = exposureScoreModel([history([80, 75, null])]);
    expect(model.source).toBe('history');
    expect(model.score).toBe(75);
    expect(model.band?.level).toBe('High');
    expect(model.change?.delta).toBe(-5);
    expect(model.valueField?.name).toBe('exposureScore');
    expect(model.valueRow).toBe(1);
  });

  it('does not mistake the secure score frame for the exposure score', () => {
    const model = exposureScoreModel([secureOverall]);
    expect(model.hasData).toBe(false);
    expect(exposureScoreModel([secureOverall, current(12)]).score).toBe(12);
  });

  it('keeps a current row without a score (no active devices) as data with no level', () => {
    const model = exposureScoreModel([current(null, { level: 'None', activeDevices: 0 })]);
    expect(model.hasData).toBe(true);
    expect(model.score).toBeUndefined();
    expect(model.band).toBeUndefined();
    expect(model.reportedLevel).toBe('None');
    expect(model.activeDevices).toBe(0);
    expect(model.change).toBeUndefined();
  });

  it('tolerates NaN, strings and an empty history', () => {
    const weird = createDataFrame({
      fields: [
        { name: 'score', type: FieldType.number, values: [NaN] },
        { name: 'level', type: FieldType.string, values: ['Low'] },
      ],
    });
    expect(exposureScoreModel([weird]).score).toBeUndefined();
    const stringy = createDataFrame({
      fields: [
        { name: 'score', type: FieldType.string, values: ['41.5'] },
        { name: 'level', type: FieldType.string, values: ['Medium'] },
      ],
    });
    expect(exposureScoreModel([stringy]).score).toBe(41.5);
    const model = exposureScoreModel([history([])]);
    expect(model.hasData).toBe(false);
    expect(model.hasHistory).toBe(true);
  });

  it('reports no data for no frames at all', () => {
    expect(exposureScoreModel(undefined).hasData).toBe(false);
    expect(exposureScoreModel([]).hasData).toBe(false);
  });

  it('uses the thresholds of the field the score comes from', () => {
    const frame = current(50);
    frame.fields[1].config.thresholds = {
      mode: ThresholdsMode.Absolute,
      steps: [
        { value: -Infinity, color: 'green' },
        { value: 20, color: 'orange' },
        { value: 45, color: 'red' },
      ],
    };
    expect(exposureScoreModel([frame]).band?.level).toBe('High');
  });
});
