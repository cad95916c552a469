import React, { useState } from 'react';
import { act, configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DataSourceInstanceSettings } from '@grafana/data';
import { TvmDataSource } from '../datasource';
import { FakeTemplateSrv } from '../testing/fakeTemplateSrv';
import { installComboboxShims } from '../testing/jsdomShims';
import type { TvmDataSourceOptions, TvmQuery } from '../types';
import { QueryEditor, switchQueryType } from './QueryEditor';
import { tvmTestIds } from './testIds';

beforeAll(installComboboxShims);
// Menus render after layout effects; on a loaded machine (two cores, parallel suites) that takes over a second.
configure({ asyncUtilTimeout: 5000 });
jest.setTimeout(30_000);

function makeDatasource(variables = [{ name: 'group', options: ['Servers'], current: 'Servers' }]) {
  const ds = new TvmDataSource(
    {
      uid: 'tvm',
      type: 'seed-tvm-datasource',
      name: 'TVM',
      url: '/proxy',
      jsonData: { apiUrl: 'http://tvm:8080' },
      meta: {},
    } as unknown as DataSourceInstanceSettings<TvmDataSourceOptions>,
    new FakeTemplateSrv(variables)
  );
  const metricFindValues = jest.spyOn(ds, 'metricFindValues').mockImplementation(async (q) => {
    switch (q.kind) {
      case 'deviceGroups':
        return ['Finance', 'Servers', 'Workstations'].map((g) => ({ text: g, value: g }));
      case 'devices':
        return [{ text: 'ws-001.corp.example', value: 'ws-001' }];
      case 'osPlatforms':
        return [{ text: 'Linux', value: 'Linux' }];
      default:
        return [];
    }
  });
  return { ds, metricFindValues };
}

async function setup(initial: Partial<TvmQuery>) {
  const { ds, metricFindValues } = makeDatasource();
  const onChange = jest.fn();
  const onRunQuery = jest.fn();
  function Harness() {
    const [query, setQuery] = useState({ refId: 'A', ...initial } as TvmQuery);
    return (
      <QueryEditor
        datasource={ds}
        query={query}
        onChange={(q) => {
          setQuery(q);
          onChange(q);
        }}
        onRunQuery={onRunQuery}
      />
    );
  }
  render(<Harness />);
  // Let the device-group picker load its options (a state update after the first render).
  await act(async () => {});
  const lastQuery = () =>
    onChange.mock.calls[onChange.mock.calls.length - 1]?.[0] as TvmQuery & Record<string, unknown>;
  return { ds, onChange, onRunQuery, lastQuery, metricFindValues };
}

const present = (id: string) => screen.queryByTestId(id) !== null;

describe('QueryEditor', () => {
  it('chooses the query type from a list with descriptions and runs the new query', async () => {
    const { lastQuery, onRunQuery } = await setup({ queryType: 'exposureScore', deviceGroup: '$group' });
    await userEvent.click(screen.getByTestId(tvmTestIds.query.queryType));
    const option = await screen.findByRole('option', { name: /Device exposure distribution/ });
    expect(within(option).getByText(/Devices per exposure level/)).toBeInTheDocument();
    await userEvent.click(option);
    // The scope survives a change of type; nothing else of the old type does.
    expect(lastQuery()).toEqual({ refId: 'A', queryType: 'exposureDistribution', deviceGroup: '$group' });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('shows only the options a score takes', async () => {
    await setup({ queryType: 'exposureScore' });
    expect(present(tvmTestIds.query.deviceGroup)).toBe(true);
    expect(present(tvmTestIds.query.breakdown)).toBe(true);
    for (const id of [
      tvmTestIds.query.limit,
      tvmTestIds.query.filter,
      tvmTestIds.query.deviceId,
      tvmTestIds.query.severity,
    ]) {
      expect(present(id)).toBe(false);
    }
  });

  it('shows the list options of devices', async () => {
    await setup({ queryType: 'devices' });
    for (const id of [
      tvmTestIds.query.deviceGroup,
      tvmTestIds.query.exposureLevel,
      tvmTestIds.query.osPlatform,
      tvmTestIds.query.onlyExposed,
      tvmTestIds.query.limit,
      tvmTestIds.query.orderBy,
      tvmTestIds.query.orderDirection,
      tvmTestIds.query.search,
      tvmTestIds.query.filter,
    ]) {
      expect({ id, shown: present(id) }).toEqual({ id, shown: true });
    }
    expect(present(tvmTestIds.query.breakdown)).toBe(false);
  });

  it('a device detail takes a device, no device group and no OData filter; without the device it says so', async () => {
    await setup({ queryType: 'deviceSoftware' });
    expect(present(tvmTestIds.query.deviceId)).toBe(true);
    expect(present(tvmTestIds.query.deviceGroup)).toBe(false);
    expect(present(tvmTestIds.query.filter)).toBe(false);
    expect(screen.getByTestId(tvmTestIds.query.problem)).toHaveTextContent(
      'Enter a device id (or a variable such as $device).'
    );
  });

  it('a recommendation’s weaknesses take its id and the device group, and sort by the CVE fields', async () => {
    const { lastQuery, onRunQuery } = await setup({ queryType: 'recommendationVulnerabilities' });
    expect(present(tvmTestIds.query.deviceGroup)).toBe(true);
    expect(present(tvmTestIds.query.filter)).toBe(false);
    expect(screen.getByTestId(tvmTestIds.query.problem)).toHaveTextContent(
      'Enter a recommendation id (or a variable such as $recommendation).'
    );
    await userEvent.type(screen.getByTestId(tvmTestIds.query.recommendationId), '$recommendation');
    expect(onRunQuery).not.toHaveBeenCalled();
    await userEvent.tab();
    expect(lastQuery()).toMatchObject({
      queryType: 'recommendationVulnerabilities',
      recommendationId: '$recommendation',
    });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId(tvmTestIds.query.problem)).not.toBeInTheDocument();
    await userEvent.click(screen.getByTestId(tvmTestIds.query.orderBy));
    await userEvent.click(await screen.findByRole('option', { name: 'cvssV3' }));
    expect(lastQuery().orderBy).toBe('cvssV3');
  });

  it('switching among a recommendation’s details keeps the recommendation and the scope', async () => {
    const { lastQuery, onRunQuery } = await setup({
      queryType: 'recommendationDevices',
      recommendationId: '$recommendation',
      deviceGroup: '$group',
    });
    const typeInput = screen.getByTestId(tvmTestIds.query.queryType) as HTMLInputElement;
    await userEvent.click(typeInput);
    // The menu is virtualized (only the first options render): type over the current type to narrow it down.
    await userEvent.type(typeInput, 'Recommendation:', {
      skipClick: true,
      initialSelectionStart: 0,
      initialSelectionEnd: typeInput.value.length,
    });
    const option = await screen.findByRole('option', { name: /Recommendation: software/ });
    expect(within(option).getByText(/none for a configuration change/)).toBeInTheDocument();
    await userEvent.click(option);
    expect(lastQuery()).toEqual({
      refId: 'A',
      queryType: 'recommendationSoftware',
      recommendationId: '$recommendation',
      deviceGroup: '$group',
    });
    expect(screen.getByTestId(tvmTestIds.query.recommendationId)).toHaveValue('$recommendation');
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('picks a device from the service list (value = id) and runs', async () => {
    const { lastQuery, onRunQuery } = await setup({ queryType: 'deviceSoftware' });
    await userEvent.click(screen.getByTestId(tvmTestIds.query.deviceId));
    await userEvent.click(await screen.findByRole('option', { name: /ws-001\.corp\.example/ }));
    expect(lastQuery()).toMatchObject({ queryType: 'deviceSoftware', deviceId: 'ws-001' });
    expect(onRunQuery).toHaveBeenCalledTimes(1);
    expect(screen.queryByTestId(tvmTestIds.query.problem)).not.toBeInTheDocument();
  });

  it('offers the dashboard variables in pickers', async () => {
    const { lastQuery } = await setup({ queryType: 'exposureScore' });
    await userEvent.click(screen.getByTestId(tvmTestIds.query.deviceGroup));
    expect(await screen.findByRole('option', { name: /Workstations/ })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('option', { name: /\$group/ }));
    expect(lastQuery().deviceGroup).toBe('$group');
  });

  it('several severities are stored comma-separated', async () => {
    const { lastQuery } = await setup({ queryType: 'vulnerabilities' });
    const input = screen.getByTestId(tvmTestIds.query.severity);
    await userEvent.click(input);
    await userEvent.click(await screen.findByRole('option', { name: 'Critical' }));
    await userEvent.click(await screen.findByRole('option', { name: 'High' }));
    await waitFor(() => expect(lastQuery().severity).toBe('Critical,High'));
  });

  it('changes the breakdown with a radio button and runs', async () => {
    const { lastQuery, onRunQuery } = await setup({ queryType: 'secureScore' });
    await userEvent.click(screen.getByRole('radio', { name: 'Per category' }));
    expect(lastQuery()).toMatchObject({ queryType: 'secureScore', breakdown: 'category' });
    expect(onRunQuery).toHaveBeenCalled();
  });

  it('text fields run on blur, not on every key', async () => {
    const { lastQuery, onRunQuery } = await setup({ queryType: 'recommendations' });
    await userEvent.type(screen.getByTestId(tvmTestIds.query.filter), 'weaknesses gt 1');
    expect(lastQuery().filter).toBe('weaknesses gt 1');
    expect(onRunQuery).not.toHaveBeenCalled();
    await userEvent.tab();
    expect(onRunQuery).toHaveBeenCalledTimes(1);
  });

  it('an out-of-range limit is explained and not run', async () => {
    const { lastQuery, onRunQuery } = await setup({ queryType: 'software' });
    await userEvent.type(screen.getByTestId(tvmTestIds.query.limit), '20000');
    await userEvent.tab();
    expect(lastQuery().limit).toBe(20000);
    expect(screen.getByTestId(tvmTestIds.query.problem)).toHaveTextContent(
      /limit must be a whole number from 1 to 10,000/
    );
    expect(onRunQuery).not.toHaveBeenCalled();
  });

  it('sorts by one of the list’s fields, descending', async () => {
    const { lastQuery } = await setup({ queryType: 'devices' });
    await userEvent.click(screen.getByTestId(tvmTestIds.query.orderBy));
    await userEvent.click(await screen.findByRole('option', { name: 'exposureScore' }));
    await userEvent.click(screen.getByRole('radio', { name: 'Descending' }));
    expect(lastQuery()).toMatchObject({ orderBy: 'exposureScore', orderDirection: 'desc' });
  });

  it('event types for the timeline', async () => {
    const { lastQuery } = await setup({ queryType: 'events' });
    expect(present(tvmTestIds.query.deviceGroup)).toBe(false);
    await userEvent.click(screen.getByTestId(tvmTestIds.query.eventTypes));
    await userEvent.click(await screen.findByRole('option', { name: 'KnownExploited' }));
    await waitFor(() => expect(lastQuery().eventTypes).toEqual(['KnownExploited']));
  });
});

describe('switchQueryType', () => {
  it('keeps the scope and the id the new type needs, drops what it does not take', async () => {
    expect(
      switchQueryType(
        { refId: 'B', queryType: 'deviceSoftware', deviceId: 'ws-1', search: 'x', limit: 5 } as TvmQuery,
        'deviceVulnerabilities'
      )
    ).toEqual({ refId: 'B', queryType: 'deviceVulnerabilities', deviceId: 'ws-1', search: 'x', limit: 5 });
    expect(
      switchQueryType(
        { refId: 'B', queryType: 'devices', deviceGroup: 'Servers', osPlatform: 'Linux', filter: 'x' } as TvmQuery,
        'deviceSoftware'
      )
    ).toEqual({ refId: 'B', queryType: 'deviceSoftware' });
  });
});
