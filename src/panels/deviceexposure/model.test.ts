import { createDataFrame, FieldType } from '@grafana/data';
import { distributionModel, parseLevel } from './model';

const distribution = (rows: Array<[string | null, number | null]>) =>
  createDataFrame({
    refId: 'A',
    fields: [
      { name: 'level', type: FieldType.string, values: rows.map((r) => r[0]) },
      { name: 'devices', type: FieldType.number, values: rows.map((r) => r[1]) },
    ],
  });

const history = () =>
  createDataFrame({
    refId: 'B',
    fields: [
      { name: 'time', type: FieldType.time, values: [1, 2, 3] },
      { name: 'exposureScore', type: FieldType.number, values: [50, 52, null] },
      { name: 'None', type: FieldType.number, values: [1, 2, null] },
      { name: 'Low', type: FieldType.number, values: [10, 20, null] },
      { name: 'Medium', type: FieldType.number, values: [5, 6, null] },
      { name: 'High', type: FieldType.number, values: [1, 2, null] },
    ],
  });

const summary = (model: ReturnType<typeof distributionModel>) => model.levels.map((l) => [l.level, l.devices]);

describe('parseLevel', () => {
  it.each([
    ['High', 'High'],
    ['medium', 'Medium'],
    [' LOW ', 'Low'],
    ['None', 'None'],
    ['No data', 'None'],
    ['no_data', 'None'],
    ['Critical', undefined],
    [undefined, undefined],
  ])('%p → %p', (text, level) => {
    expect(parseLevel(text)).toBe(level);
  });
});

describe('distributionModel', () => {
  it('counts devices per level, most exposed first, with shares', () => {
    const model = distributionModel(
      [
        distribution([
          ['None', 14],
          ['Low', 219],
          ['Medium', 141],
          ['High', 38],
        ]),
      ],
      { showNoData: true }
    );
    expect(model).toMatchObject({ hasData: true, source: 'distribution', total: 412, ignoredRows: 0 });
    expect(summary(model)).toEqual([
      ['High', 38],
      ['Medium', 141],
      ['Low', 219],
      ['None', 14],
    ]);
    expect(model.levels.map((l) => l.label)).toEqual(['High', 'Medium', 'Low', 'No data']);
    expect(model.levels[0].share).toBeCloseTo(38 / 412);
    expect(model.levelField?.name).toBe('level');
  });

  it('leaves devices without data out of the total when asked', () => {
    const model = distributionModel(
      [
        distribution([
          ['None', 10],
          ['Low', 30],
          ['High', 10],
        ]),
      ],
      { showNoData: false }
    );
    expect(model.total).toBe(40);
    expect(summary(model)).toEqual([
      ['High', 10],
      ['Medium', 0],
      ['Low', 30],
    ]);
    expect(model.levels[0].share).toBe(0.25);
  });

  it('adds up rows of the same level and ignores unknown levels, NaN and negatives', () => {
    const model = distributionModel(
      [
        distribution([
          ['High', 3],
          ['high', 2],
          ['Critical', 7],
          [null, 4],
          ['Low', NaN],
          ['Medium', -5],
          ['Medium', 2.6],
        ]),
      ],
      { showNoData: true }
    );
    expect(summary(model)).toEqual([
      ['High', 5],
      ['Medium', 3],
      ['Low', 0],
      ['None', 0],
    ]);
    expect(model.ignoredRows).toBe(2);
  });

  it('reads the newest complete row of the exposure history without a distribution query', () => {
    const model = distributionModel([history()], { showNoData: true });
    expect(model.source).toBe('history');
    expect(summary(model)).toEqual([
      ['High', 2],
      ['Medium', 6],
      ['Low', 20],
      ['None', 2],
    ]);
  });

  it('has a zero total, but data, when every count is zero', () => {
    const model = distributionModel([distribution([['Low', 0]])], { showNoData: true });
    expect(model.hasData).toBe(true);
    expect(model.total).toBe(0);
    expect(model.levels.every((l) => l.share === 0)).toBe(true);
  });

  it('has no data without a frame of counts', () => {
    expect(distributionModel([], { showNoData: true }).hasData).toBe(false);
    expect(distributionModel(undefined, { showNoData: true }).hasData).toBe(false);
    expect(distributionModel([distribution([])], { showNoData: true }).hasData).toBe(false);
  });
});
