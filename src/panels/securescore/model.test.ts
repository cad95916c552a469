import { createDataFrame, FieldType } from '@grafana/data';
import { percentOf, secureScoreModel } from './model';

const DAY = 86400000;
const NOW = Date.UTC(2026, 10, 20);

const overall = (score: number | null = 412, maxScore = 560, percent: number | null = 73.57) =>
  createDataFrame({
    refId: 'A',
    fields: [
      { name: 'time', type: FieldType.time, values: [NOW] },
      { name: 'score', type: FieldType.number, values: [score] },
      { name: 'maxScore', type: FieldType.number, values: [maxScore] },
      { name: 'percent', type: FieldType.number, values: [percent] },
    ],
  });

const categories = (rows: Array<[string, number | null, number | null, number | null]>) =>
  createDataFrame({
    refId: 'B',
    fields: [
      { name: 'category', type: FieldType.string, values: rows.map((r) => r[0]) },
      { name: 'score', type: FieldType.number, values: rows.map((r) => r[1]) },
      { name: 'maxScore', type: FieldType.number, values: rows.map((r) => r[2]) },
      { name: 'percent', type: FieldType.number, values: rows.map((r) => r[3]) },
    ],
  });

const fiveCategories = () =>
  categories([
    ['SecurityControls', 86, 120, 71.67],
    ['Accounts', 40, 60, 66.67],
    ['Application', 96, 120, 80],
    ['Network', 52, 90, 57.78],
    ['OS', 138, 170, 81.18],
  ]);

const history = (values: Array<number | null>) =>
  createDataFrame({
    refId: 'C',
    fields: [
      { name: 'time', type: FieldType.time, values: values.map((_, i) => NOW - (values.length - 1 - i) * DAY) },
      { name: 'secureScore', type: FieldType.number, values },
      { name: 'maxScore', type: FieldType.number, values: values.map(() => 560) },
      { name: 'percent', type: FieldType.number, values: values.map((v) => (v === null ? null : (100 * v) / 560)) },
    ],
  });

describe('percentOf', () => {
  it('prefers the given percentage and computes one from its parts otherwise', () => {
    expect(percentOf(1, 4, 30)).toBe(30);
    expect(percentOf(1, 4)).toBe(25);
    expect(percentOf(1, 0)).toBeUndefined();
    expect(percentOf(undefined, 4)).toBeUndefined();
  });
});

describe('secureScoreModel', () => {
  it('reads the overall score, the categories in Defender order, and the trend', () => {
    const model = secureScoreModel([history([380, 400, null, 405]), fiveCategories(), overall()]);
    expect(model).toMatchObject({ hasData: true, source: 'overall', score: 412, maxScore: 560, percent: 73.57 });
    expect(model.categories.map((c) => c.category)).toEqual([
      'Application',
      'OS',
      'Network',
      'Accounts',
      'SecurityControls',
    ]);
    expect(model.categories.map((c) => c.label)).toEqual([
      'Application',
      'OS',
      'Network',
      'Accounts',
      'Security controls',
    ]);
    expect(model.categories[0]).toMatchObject({ score: 96, maxScore: 120, percent: 80 });
    expect(model.trend.map((p) => p.value)).toEqual([380, 400, 405]);
    expect(model.change).toMatchObject({ from: 380, to: 412, delta: 32 });
    expect(model.categoryPercentField?.name).toBe('percent');
  });

  it('sums the categories when there is no overall frame', () => {
    const model = secureScoreModel([fiveCategories()]);
    expect(model.source).toBe('categories');
    expect(model.score).toBe(412);
    expect(model.maxScore).toBe(560);
    expect(model.percent).toBeCloseTo(73.57, 2);
    expect(model.hasHistory).toBe(false);
    expect(model.change).toBeUndefined();
  });

  it('falls back to the last history point', () => {
    const model = secureScoreModel([history([380, 390, null])]);
    expect(model).toMatchObject({ source: 'history', score: 390, maxScore: 560 });
    expect(model.percent).toBeCloseTo(69.64, 2);
    expect(model.valueField?.name).toBe('secureScore');
    expect(model.valueRow).toBe(1);
  });

  it('adds up a category listed twice and keeps unknown categories after the known ones', () => {
    const model = secureScoreModel([
      categories([
        ['CloudPosture', 5, 10, 50],
        ['Network', 10, 20, 50],
        ['Network', 30, 40, 75],
      ]),
    ]);
    expect(model.categories.map((c) => c.label)).toEqual(['Network', 'Cloud posture']);
    expect(model.categories[0]).toMatchObject({ score: 40, maxScore: 60 });
    expect(model.categories[0].percent).toBeCloseTo(66.67, 2);
  });

  it('tolerates nulls, NaN, a category without applicable checks and rows without a name', () => {
    const model = secureScoreModel([
      categories([
        ['Application', null, null, null],
        ['Accounts', 0, 0, null],
        ['', 5, 5, 100],
        ['OS', NaN, 100, NaN],
      ]),
    ]);
    expect(model.categories.map((c) => c.category)).toEqual(['Application', 'OS', 'Accounts']);
    expect(model.categories.every((c) => c.percent === undefined)).toBe(true);
    expect(model.source).toBe('categories');
    expect(model.score).toBe(0);
  });

  it('does not take the exposure score frame for the secure score', () => {
    const exposure = createDataFrame({
      fields: [
        { name: 'score', type: FieldType.number, values: [63] },
        { name: 'level', type: FieldType.string, values: ['Medium'] },
      ],
    });
    expect(secureScoreModel([exposure]).hasData).toBe(false);
    expect(secureScoreModel(undefined).hasData).toBe(false);
  });

  it('ignores an overall frame without a score', () => {
    const model = secureScoreModel([overall(null, 560, null), fiveCategories()]);
    expect(model.source).toBe('categories');
  });
});
