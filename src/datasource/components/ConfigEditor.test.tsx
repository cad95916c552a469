import React, { useState } from 'react';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { DataSourceSettings } from '@grafana/data';
import type { TvmDataSourceOptions, TvmSecureJsonData } from '../types';
import { apiUrlProblem, ConfigEditor } from './ConfigEditor';
import { tvmTestIds } from './testIds';

type Options = DataSourceSettings<TvmDataSourceOptions, TvmSecureJsonData>;

const baseOptions = (overrides: Partial<Options> = {}): Options =>
  ({
    id: 1,
    uid: 'tvm',
    orgId: 1,
    name: 'TVM',
    type: 'seed-tvm-datasource',
    typeName: 'TVM',
    typeLogoUrl: '',
    access: 'proxy',
    url: '',
    user: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    jsonData: {},
    secureJsonFields: {},
    readOnly: false,
    withCredentials: false,
    ...overrides,
  }) as Options;

/** The editor inside a parent that keeps the options, as Grafana's settings page does. */
function Harness({ initial, onChange }: { initial: Options; onChange: (o: Options) => void }) {
  const [options, setOptions] = useState(initial);
  return (
    <ConfigEditor
      options={options}
      onOptionsChange={(o) => {
        setOptions(o);
        onChange(o);
      }}
    />
  );
}

describe('ConfigEditor', () => {
  it('keeps the URL in jsonData (trailing slash dropped on blur) and the key only in secureJsonData', async () => {
    const onChange = jest.fn();
    render(<Harness initial={baseOptions()} onChange={onChange} />);
    await userEvent.type(screen.getByTestId(tvmTestIds.config.apiUrl), 'http://tvm:8080/');
    await userEvent.tab();
    await userEvent.type(screen.getByTestId(tvmTestIds.config.apiKey), 'secret-token');
    const last: Options = onChange.mock.calls[onChange.mock.calls.length - 1][0];
    expect(last.jsonData).toEqual({ apiUrl: 'http://tvm:8080' });
    expect(last.secureJsonData).toEqual({ apiKey: 'secret-token' });
    expect(JSON.stringify(last.jsonData)).not.toContain('secret-token');
  });

  it('shows a configured key as configured, and Reset clears it', async () => {
    const onChange = jest.fn();
    render(
      <Harness
        initial={baseOptions({ jsonData: { apiUrl: 'http://tvm:8080' }, secureJsonFields: { apiKey: true } })}
        onChange={onChange}
      />
    );
    const key = screen.getByTestId(tvmTestIds.config.apiKey);
    expect(key).toBeDisabled();
    expect(key).toHaveValue('configured');
    await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(onChange).toHaveBeenLastCalledWith(
      expect.objectContaining({ secureJsonFields: { apiKey: false }, secureJsonData: { apiKey: '' } })
    );
    expect(screen.getByTestId(tvmTestIds.config.apiKey)).toBeEnabled();
  });

  it('explains a URL that cannot work', async () => {
    render(<Harness initial={baseOptions({ jsonData: { apiUrl: 'tvm:8080' } })} onChange={jest.fn()} />);
    expect(screen.getByText(/Enter an http:\/\/ or https:\/\/ URL/)).toBeInTheDocument();
  });

  it.each([
    ['', undefined],
    ['http://tvm:8080', undefined],
    ['https://tvm.example.com/base', undefined],
    ['tvm:8080', /http:\/\//],
    ['ftp://tvm', /http:\/\//],
    ['http://tvm:8080/?x=1', /without a query/],
  ])('apiUrlProblem(%j)', (url, problem) => {
    const result = apiUrlProblem(url);
    if (problem === undefined) {
      expect(result).toBeUndefined();
    } else {
      expect(result).toMatch(problem);
    }
  });
});
