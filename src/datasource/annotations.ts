import { type AnnotationSupport, createDataFrame, type DataFrame, FieldType } from '@grafana/data';
import { AnnotationQueryEditor } from './components/AnnotationQueryEditor';
import type { EventsQuery, TvmQuery } from './types';

interface EventRow {
  id?: string;
  time?: string;
  type?: string;
  title?: string;
  cveId?: string | null;
  cves?: string[];
  productKey?: string | null;
  checkId?: string | null;
  originallyImpactedDevices?: number;
  originallyImpactedPercent?: number;
  currentlyImpactedDevices?: number | null;
  currentlyImpactedPercent?: number | null;
  scoreBefore?: number | null;
  scoreAfter?: number | null;
}

/** Colours by what an event means for the fleet: red worse, green better. */
const EVENT_COLORS: Record<string, string> = {
  NewVulnerability: 'orange',
  KnownExploited: 'red',
  EpssIncrease: 'orange',
  NewConfigurationAssessment: 'blue',
  RemediationCompleted: 'green',
  ExceptionExpired: 'yellow',
  ExceptionResurfaced: 'yellow',
};

const round = (n: number) => Math.round(n * 10) / 10;

/** The annotation text: what the event touched then, and what it touches now. */
export function eventText(e: EventRow): string {
  if (e.type === 'ExposureScoreChange' && typeof e.scoreBefore === 'number' && typeof e.scoreAfter === 'number') {
    return `Exposure score ${round(e.scoreBefore)} → ${round(e.scoreAfter)}`;
  }
  const parts: string[] = [];
  const cves = e.cves && e.cves.length > 0 ? e.cves : e.cveId ? [e.cveId] : [];
  if (cves.length > 0) {
    parts.push(cves.length > 3 ? `${cves.slice(0, 3).join(', ')} and ${cves.length - 3} more` : cves.join(', '));
  }
  if (typeof e.originallyImpactedDevices === 'number') {
    parts.push(
      `${e.originallyImpactedDevices} device${e.originallyImpactedDevices === 1 ? '' : 's'} affected` +
        (typeof e.originallyImpactedPercent === 'number' ? ` (${e.originallyImpactedPercent}%)` : '')
    );
  }
  if (typeof e.currentlyImpactedDevices === 'number') {
    parts.push(`${e.currentlyImpactedDevices} now`);
  }
  return parts.join('; ');
}

function eventColor(e: EventRow): string {
  if (e.type === 'ExposureScoreChange' && typeof e.scoreBefore === 'number' && typeof e.scoreAfter === 'number') {
    return e.scoreAfter > e.scoreBefore ? 'red' : 'green';
  }
  return EVENT_COLORS[e.type ?? ''] ?? 'blue';
}

/** Events as the frame Grafana's annotation support reads: time, title, text, tags (and colour, id). */
export function eventAnnotationFrame(refId: string, events: EventRow[]): DataFrame {
  const rows = events.filter((e) => typeof e.time === 'string' && !Number.isNaN(Date.parse(e.time)));
  return createDataFrame({
    refId,
    name: 'TVM events',
    fields: [
      { name: 'time', type: FieldType.time, values: rows.map((e) => Date.parse(e.time ?? '')) },
      { name: 'title', type: FieldType.string, values: rows.map((e) => e.title ?? e.type ?? 'TVM event') },
      { name: 'text', type: FieldType.string, values: rows.map(eventText) },
      {
        name: 'tags',
        type: FieldType.other,
        values: rows.map((e) => ['tvm', e.type, e.cveId].filter((t): t is string => typeof t === 'string' && t !== '')),
      },
      { name: 'color', type: FieldType.string, values: rows.map(eventColor) },
      { name: 'id', type: FieldType.string, values: rows.map((e) => String(e.id ?? '')) },
    ],
  });
}

/** Annotation limit when the annotation query sets none: a month of a busy fleet's timeline. */
export const DEFAULT_ANNOTATION_LIMIT = 500;

/**
 * Annotations from the event timeline. Whatever query the annotation holds, it runs as an `events` query in
 * the annotation format, over the dashboard's time range.
 */
export const tvmAnnotations: AnnotationSupport<TvmQuery> = {
  QueryEditor: AnnotationQueryEditor,
  getDefaultQuery: () => ({ queryType: 'events', format: 'annotations', limit: DEFAULT_ANNOTATION_LIMIT }),
  prepareQuery: (anno) => {
    const target = (anno.target ?? {}) as Partial<EventsQuery>;
    const query: EventsQuery = {
      refId: target.refId || 'Anno',
      queryType: 'events',
      format: 'annotations',
      eventTypes: target.queryType === 'events' || target.eventTypes ? target.eventTypes : undefined,
      limit: typeof target.limit === 'number' ? target.limit : DEFAULT_ANNOTATION_LIMIT,
    };
    return query;
  },
};
