import { type DataFrame, type Field } from '@grafana/data';
import { RECOMMENDATION_CATEGORIES } from '../../datasource/types';
import {
  type Change,
  type Point,
  changeSinceStart,
  fieldByName,
  findFrame,
  lastFinite,
  numberAt,
  seriesPoints,
  stringAt,
} from '../shared/frames';

/** How Defender names the categories on the card. */
export const CATEGORY_LABELS: Record<string, string> = {
  Application: 'Application',
  OS: 'OS',
  Network: 'Network',
  Accounts: 'Accounts',
  SecurityControls: 'Security controls',
};

export interface CategoryScore {
  /** The API's name, used in links (`SecurityControls`). */
  category: string;
  label: string;
  score?: number;
  maxScore?: number;
  /** 0–100; undefined when no check of the category applies (maximum 0). */
  percent?: number;
}

export interface SecureScoreModel {
  hasData: boolean;
  source?: 'overall' | 'categories' | 'history';
  score?: number;
  maxScore?: number;
  percent?: number;
  /** Categories in Defender's order, then any other category the service returns. */
  categories: CategoryScore[];
  /** The `percent` field of the category frame: its display processor colours the bars. */
  categoryPercentField?: Field;
  trend: Point[];
  hasHistory: boolean;
  change?: Change;
  valueField?: Field;
  valueRow?: number;
}

/** A percentage from its parts when they make sense, else the given one; undefined without a maximum. */
export function percentOf(score: number | undefined, maxScore: number | undefined, given?: number): number | undefined {
  if (given !== undefined) {
    return given;
  }
  if (score === undefined || maxScore === undefined || maxScore <= 0) {
    return undefined;
  }
  return (100 * score) / maxScore;
}

function categoryOrder(category: string): number {
  const index = (RECOMMENDATION_CATEGORIES as readonly string[]).indexOf(category);
  return index < 0 ? RECOMMENDATION_CATEGORIES.length : index;
}

/** "SecurityControls" → "Security controls" for categories the card does not know. */
function labelOf(category: string): string {
  if (CATEGORY_LABELS[category]) {
    return CATEGORY_LABELS[category];
  }
  const words = category.replace(/([a-z])([A-Z])/g, '$1 $2').split(' ');
  return words.map((w, i) => (i === 0 ? w : w.toLowerCase())).join(' ');
}

function readCategories(frame: DataFrame | undefined): CategoryScore[] {
  if (!frame) {
    return [];
  }
  const names = fieldByName(frame, 'category');
  const scores = fieldByName(frame, 'score');
  const maxima = fieldByName(frame, 'maxScore');
  const percents = fieldByName(frame, 'percent');
  const byCategory = new Map<string, CategoryScore>();
  for (let row = 0; row < frame.length; row++) {
    const category = stringAt(names, row);
    if (!category) {
      continue;
    }
    const score = numberAt(scores, row);
    const maxScore = numberAt(maxima, row);
    const percent = numberAt(percents, row);
    // A category listed twice (rows per device group) adds up; its percentage is then recomputed.
    const seen = byCategory.get(category);
    if (seen) {
      seen.score = (seen.score ?? 0) + (score ?? 0);
      seen.maxScore = (seen.maxScore ?? 0) + (maxScore ?? 0);
      seen.percent = percentOf(seen.score, seen.maxScore);
    } else {
      byCategory.set(category, {
        category,
        label: labelOf(category),
        score,
        maxScore,
        percent: percentOf(score, maxScore, percent),
      });
    }
  }
  return [...byCategory.values()].sort((a, b) => categoryOrder(a.category) - categoryOrder(b.category));
}

function sum(values: Array<number | undefined>): number | undefined {
  const finite = values.filter((v): v is number => v !== undefined);
  return finite.length ? finite.reduce((a, b) => a + b, 0) : undefined;
}

/**
 * Frames → what the secure score card shows. The overall score comes from the overall breakdown frame,
 * else from the sum of the categories, else from the last history point; its change runs from the first
 * history point to it.
 */
export function secureScoreModel(frames: DataFrame[] | undefined): SecureScoreModel {
  const all = frames ?? [];
  const overall = findFrame(all, ['score', 'maxScore'], ['category']);
  const categoryFrame = findFrame(all, ['category', 'score', 'maxScore']);
  const history = findFrame(all, ['secureScore']);
  const categories = readCategories(categoryFrame);
  const trend = seriesPoints(history, 'secureScore');

  let source: SecureScoreModel['source'];
  let score: number | undefined;
  let maxScore: number | undefined;
  let percent: number | undefined;
  let valueField: Field | undefined;
  let valueRow: number | undefined;

  const overallScore = lastFinite(fieldByName(overall, 'score'));
  if (overall && overallScore) {
    source = 'overall';
    score = overallScore.value;
    valueField = fieldByName(overall, 'score');
    valueRow = overallScore.row;
    maxScore = numberAt(fieldByName(overall, 'maxScore'), overallScore.row);
    percent = percentOf(score, maxScore, numberAt(fieldByName(overall, 'percent'), overallScore.row));
  } else if (categories.some((c) => c.score !== undefined)) {
    source = 'categories';
    score = sum(categories.map((c) => c.score));
    maxScore = sum(categories.map((c) => c.maxScore));
    percent = percentOf(score, maxScore);
  } else if (trend.length > 0) {
    const last = trend[trend.length - 1];
    source = 'history';
    score = last.value;
    valueField = fieldByName(history, 'secureScore');
    valueRow = last.row;
    maxScore = numberAt(fieldByName(history, 'maxScore'), last.row);
    percent = percentOf(score, maxScore, numberAt(fieldByName(history, 'percent'), last.row));
  }

  return {
    hasData: source !== undefined || categories.length > 0,
    source,
    score,
    maxScore,
    percent,
    categories,
    categoryPercentField: fieldByName(categoryFrame, 'percent'),
    trend,
    hasHistory: history !== undefined,
    change: changeSinceStart(trend, score),
    valueField,
    valueRow,
  };
}
