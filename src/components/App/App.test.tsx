import React from 'react';
import { render, screen } from '@testing-library/react';
import { AppRootProps, PluginType } from '@grafana/data';
import App from './App';

describe('App', () => {
  it('explains what the app does and how to connect the service', () => {
    const props = {
      basename: '/a/seed-tvm-app',
      meta: { id: 'seed-tvm-app', name: 'TVM', type: PluginType.app, enabled: true, jsonData: {} },
      query: {},
      path: '',
      onNavChanged: jest.fn(),
    } as unknown as AppRootProps;
    render(<App {...props} />);
    expect(screen.getByRole('heading', { name: /threat & vulnerability management/i })).toBeInTheDocument();
    expect(screen.getByText(/Connect the TVM service/)).toBeInTheDocument();
  });
});
