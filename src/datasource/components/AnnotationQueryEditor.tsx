import React, { type ChangeEvent } from 'react';
import type { QueryEditorProps } from '@grafana/data';
import { InlineField, InlineFieldRow, Input } from '@grafana/ui';
import type { TvmDataSource } from '../datasource';
import { MAX_LIMIT } from '../queryTypes';
import { EVENT_TYPES, type EventsQuery, type TvmDataSourceOptions, type TvmQuery } from '../types';
import { MultiValuePicker } from './pickers';
import { tvmTestIds } from './testIds';

type Props = QueryEditorProps<TvmDataSource, TvmQuery, TvmDataSourceOptions>;

/** Annotations come from the event timeline: which event types, and at most how many in the time range. */
export function AnnotationQueryEditor({ query, onChange, datasource }: Props) {
  const events = query as Partial<EventsQuery>;
  const set = (patch: Partial<EventsQuery>) =>
    onChange({
      ...events,
      ...patch,
      refId: query.refId || 'Anno',
      queryType: 'events',
      format: 'annotations',
    } as EventsQuery);
  return (
    <InlineFieldRow>
      <InlineField label="Event types" labelWidth={16} tooltip="Empty: every event type">
        <MultiValuePicker
          id="tvm-annotation-event-types"
          datasource={datasource}
          testId={tvmTestIds.annotation.eventTypes}
          options={EVENT_TYPES}
          placeholder="Every event type"
          value={(events.eventTypes ?? []).join(',')}
          onChange={(v) => set({ eventTypes: v ? (v.split(',') as EventsQuery['eventTypes']) : undefined })}
        />
      </InlineField>
      <InlineField
        label="Limit"
        labelWidth={10}
        tooltip={`Annotations at most (1 to ${MAX_LIMIT.toLocaleString('en-US')})`}
      >
        <Input
          id="tvm-annotation-limit"
          data-testid={tvmTestIds.annotation.limit}
          type="number"
          min={1}
          max={MAX_LIMIT}
          width={12}
          placeholder="500"
          value={events.limit === undefined ? '' : String(events.limit)}
          onChange={(e: ChangeEvent<HTMLInputElement>) =>
            set({ limit: e.currentTarget.value === '' ? undefined : Number(e.currentTarget.value) })
          }
        />
      </InlineField>
    </InlineFieldRow>
  );
}
