import React from 'react';
import { render, screen } from '@testing-library/react';
import { AppRootProps, PluginType } from '@grafana/data';
import App from './App';
import { DASHBOARD_UIDS } from '../../constants';
import { testIds } from '../testIds';

describe('App', () => {
  const props = {
    basename: '/a/seed-tvm-app',
    meta: { id: 'seed-tvm-app', name: 'TVM', type: PluginType.app, enabled: true, jsonData: {} },
    query: {},
    path: '',
    onNavChanged: jest.fn(),
  } as unknown as AppRootProps;

  it('explains what the app does and how to connect the service', () => {
    render(<App {...props} />);
    expect(screen.getByRole('heading', { name: /threat & vulnerability management/i })).toBeInTheDocument();
    expect(screen.getByText('No data?')).toBeInTheDocument();
  });

  it('links every list dashboard by its fixed uid (detail dashboards are reached from the lists)', () => {
    render(<App {...props} />);
    const hrefs = screen
      .getAllByTestId(testIds.app.dashboardLink)
      .map((el) => el.querySelector('a')?.getAttribute('href'));
    const details: string[] = [DASHBOARD_UIDS.device, DASHBOARD_UIDS.software];
    const expected = Object.values(DASHBOARD_UIDS)
      .filter((uid) => !details.includes(uid))
      .map((uid) => `/d/${uid}`);
    expect(hrefs.sort()).toEqual(expected.sort());
  });
});
