import React, { useState } from 'react';
import { act, configure, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DataSourceInstanceSettings } from '@grafana/data';
import { TvmDataSource } from '../datasource';
import { FakeTemplateSrv } from '../testing/fakeTemplateSrv';
import { installComboboxShims } from '../testing/jsdomShims';
import type { EventsQuery, TvmDataSourceOptions, TvmQuery } from '../types';
import type { TvmVariableDataQuery } from '../variables';
import { AnnotationQueryEditor } from './AnnotationQueryEditor';
import { tvmTestIds } from './testIds';
import { VariableQueryEditor } from './VariableQueryEditor';

beforeAll(installComboboxShims);
// Menus render after layout effects; on a loaded machine (two cores, parallel suites) that takes over a second.
configure({ asyncUtilTimeout: 5000 });
jest.setTimeout(30_000);

function datasource() {
  const ds = new TvmDataSource(
    {
      uid: 'tvm',
      type: 'seed-tvm-datasource',
      name: 'TVM',
      url: '/proxy',
      jsonData: {},
      meta: {},
    } as unknown as DataSourceInstanceSettings<TvmDataSourceOptions>,
    new FakeTemplateSrv([{ name: 'group', options: ['Servers', 'Finance'], current: 'Servers' }])
  );
  jest.spyOn(ds, 'metricFindValues').mockResolvedValue(['Finance', 'Servers'].map((g) => ({ text: g, value: g })));
  return ds;
}

async function renderVariableEditor(initial: Partial<TvmVariableDataQuery>) {
  const ds = datasource();
  const onChange = jest.fn();
  function Harness() {
    const [query, setQuery] = useState({ refId: 'V', ...initial } as TvmVariableDataQuery);
    return (
      <VariableQueryEditor
        datasource={ds}
        query={query}
        onChange={(q) => {
          setQuery(q);
          onChange(q);
        }}
        onRunQuery={jest.fn()}
      />
    );
  }
  render(<Harness />);
  // Let the device-group picker load its options (a state update after the first render).
  await act(async () => {});
  return { onChange, last: () => onChange.mock.calls[onChange.mock.calls.length - 1][0] as TvmVariableDataQuery };
}

describe('VariableQueryEditor', () => {
  it('starts on device groups, with no group scope to choose', async () => {
    await renderVariableEditor({});
    expect(screen.getByTestId(tvmTestIds.variable.kind)).toHaveValue('Device groups');
    expect(screen.queryByTestId(tvmTestIds.variable.deviceGroup)).not.toBeInTheDocument();
  });

  it('switches to devices, which can be scoped to the group variable (chained variables)', async () => {
    const { last } = await renderVariableEditor({ kind: 'deviceGroups' });
    await userEvent.click(screen.getByTestId(tvmTestIds.variable.kind));
    await userEvent.click(await screen.findByRole('option', { name: /^Devices/ }));
    expect(last()).toEqual({ refId: 'V', kind: 'devices' });
    await userEvent.click(screen.getByTestId(tvmTestIds.variable.deviceGroup));
    await userEvent.click(await screen.findByRole('option', { name: /\$group/ }));
    expect(last()).toEqual({ refId: 'V', kind: 'devices', deviceGroup: '$group' });
  });

  it('keeps the group scope when switching between scoped kinds, drops it for unscoped ones', async () => {
    const { last } = await renderVariableEditor({ kind: 'software', deviceGroup: 'Servers' });
    await userEvent.click(screen.getByTestId(tvmTestIds.variable.kind));
    await userEvent.click(await screen.findByRole('option', { name: /^OS platforms/ }));
    expect(last()).toEqual({ refId: 'V', kind: 'osPlatforms', deviceGroup: 'Servers' });
    await userEvent.click(screen.getByTestId(tvmTestIds.variable.kind));
    await userEvent.click(await screen.findByRole('option', { name: /^Severities/ }));
    expect(last()).toEqual({ refId: 'V', kind: 'severities' });
  });
});

describe('AnnotationQueryEditor', () => {
  it('edits event types and the limit of an events query in the annotation format', async () => {
    const ds = datasource();
    const onChange = jest.fn();
    function Harness() {
      const [query, setQuery] = useState<TvmQuery>({ refId: 'Anno', queryType: 'events', format: 'annotations' });
      return (
        <AnnotationQueryEditor
          datasource={ds}
          query={query}
          onChange={(q) => {
            setQuery(q);
            onChange(q);
          }}
          onRunQuery={jest.fn()}
        />
      );
    }
    render(<Harness />);
    await userEvent.click(screen.getByTestId(tvmTestIds.annotation.eventTypes));
    await userEvent.click(await screen.findByRole('option', { name: 'KnownExploited' }));
    await userEvent.type(screen.getByTestId(tvmTestIds.annotation.limit), '50');
    const last = onChange.mock.calls[onChange.mock.calls.length - 1][0] as EventsQuery;
    expect(last).toEqual({
      refId: 'Anno',
      queryType: 'events',
      format: 'annotations',
      eventTypes: ['KnownExploited'],
      limit: 50,
    });
  });
});
