import React from 'react';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { of } from 'rxjs';
import { PluginType } from '@grafana/data';
import { setBackendSrv, BackendSrv } from '@grafana/runtime';
import AppConfig, { AppConfigProps } from './AppConfig';
import { testIds } from 'components/testIds';

const propsWith = (enabled: boolean) =>
  ({
    plugin: { meta: { id: 'seed-tvm-app', name: 'TVM', type: PluginType.app, enabled, pinned: true, jsonData: {} } },
    query: {},
  }) as unknown as AppConfigProps;

describe('AppConfig', () => {
  const fetch = jest.fn();
  const reload = jest.fn();
  beforeEach(() => {
    reload.mockReset();
    fetch.mockReset().mockReturnValue(of({ data: {}, status: 200, ok: true }));
    setBackendSrv({ fetch } as unknown as BackendSrv);
    Object.defineProperty(window, 'location', { value: { reload }, writable: true });
  });

  it('points to the data source for the connection and holds no secret of its own', () => {
    render(<AppConfig {...propsWith(true)} />);
    expect(screen.getByRole('link', { name: /open its settings/i })).toHaveAttribute(
      'href',
      '/connections/datasources/edit/tvm'
    );
    expect(screen.queryByLabelText(/api key/i)).not.toBeInTheDocument();
  });

  it('enables a disabled app through the plugin settings API', async () => {
    render(<AppConfig {...propsWith(false)} />);
    await userEvent.click(screen.getByTestId(testIds.appConfig.enable));
    await waitFor(() => expect(reload).toHaveBeenCalled());
    expect(fetch).toHaveBeenCalledWith(
      expect.objectContaining({
        url: '/api/plugins/seed-tvm-app/settings',
        method: 'POST',
        data: expect.objectContaining({ enabled: true }),
      })
    );
  });

  it('says what went wrong when Grafana refuses', async () => {
    fetch.mockImplementation(() => {
      throw new Error('Permission denied');
    });
    render(<AppConfig {...propsWith(true)} />);
    await userEvent.click(screen.getByTestId(testIds.appConfig.disable));
    expect(await screen.findByText('Permission denied')).toBeInTheDocument();
    expect(reload).not.toHaveBeenCalled();
  });
});
