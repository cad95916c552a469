import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { createDataFrame, createTheme, FieldType, LoadingState, MappingType } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { panelProps, type ThemeMode, withTheme } from '../shared/testing';
import { DeviceExposurePanel, levelColor, NO_DATA_MESSAGE } from './DeviceExposurePanel';
import { plugin } from './module';
import { testIds } from './testIds';
import type { DeviceExposureOptions } from './types';

const distribution = (counts: Record<string, number | null> = { None: 14, Low: 219, Medium: 141, High: 38 }) =>
  createDataFrame({
    refId: 'A',
    fields: [
      { name: 'level', type: FieldType.string, values: Object.keys(counts) },
      { name: 'devices', type: FieldType.number, values: Object.values(counts) },
    ],
  });

const replaceVariables = (value: string) =>
  value.replace('${group:queryparam}', 'var-group=Servers').replace('${__url_time_range}', 'from=now-7d&to=now');

function renderPanel(
  frames = [distribution()],
  options: Partial<DeviceExposureOptions> = {},
  extra: { mode?: ThemeMode; width?: number; height?: number; state?: LoadingState; mappings?: boolean } = {}
) {
  const props = panelProps({
    plugin,
    frames,
    options,
    mode: extra.mode,
    width: extra.width ?? 520,
    height: extra.height ?? 280,
    state: extra.state,
    replaceVariables,
    fieldConfig: extra.mappings
      ? {
          defaults: {
            mappings: [{ type: MappingType.ValueToText, options: { High: { color: 'purple', text: 'High' } } }],
          },
        }
      : undefined,
  });
  return render(withTheme(<DeviceExposurePanel {...props} />, extra.mode));
}

const deviceListUrl = (level: string) =>
  `/d/tvm-devices/devices?var-level=${level}&var-group=Servers&from=now-7d&to=now`;

describe('DeviceExposurePanel', () => {
  it('draws one arc per level with devices and the total in the centre', () => {
    renderPanel();
    const slices = screen.getAllByTestId(testIds.slice);
    expect(slices.map((s) => s.getAttribute('data-level'))).toEqual(['High', 'Medium', 'Low', 'None']);
    for (const slice of slices) {
      expect(slice.getAttribute('d')).toMatch(/^M.*A.*Z$/);
    }
    expect(screen.getByTestId(testIds.total)).toHaveTextContent('412');
    expect(screen.getByTestId(testIds.centerLabel)).toHaveTextContent('devices');
    expect(screen.getByTestId(testIds.chart)).toHaveAccessibleName('Devices by exposure level, 412 in total');
  });

  it('lists counts and shares in the legend', () => {
    renderPanel();
    const items = screen.getAllByTestId(testIds.legendItem);
    expect(items.map((i) => i.textContent)).toEqual(['High389.2%', 'Medium14134.2%', 'Low21953.2%', 'No data143.4%']);
  });

  it('opens the device list at the level of a slice or legend entry', () => {
    const push = jest.spyOn(locationService, 'push').mockImplementation(() => {});
    renderPanel();
    const high = screen.getAllByTestId(testIds.slice)[0];
    expect(high.closest('a')).toHaveAttribute('href', deviceListUrl('High'));
    fireEvent.click(high, { button: 0 });
    expect(push).toHaveBeenLastCalledWith(deviceListUrl('High'));

    const legendNoData = screen.getByRole('link', { name: 'No data: 14 devices (3.4%). Open the device list' });
    expect(legendNoData).toHaveAttribute('href', deviceListUrl('None'));
    fireEvent.click(legendNoData, { button: 0 });
    expect(push).toHaveBeenLastCalledWith(deviceListUrl('None'));
    // The legend entries are the accessible links; the slices repeat them for the mouse only.
    expect(screen.getAllByRole('link')).toHaveLength(4);
    expect(high.closest('a')).toHaveAttribute('tabindex', '-1');
    push.mockRestore();
  });

  it('makes the slices the keyboard links when the legend is hidden', () => {
    renderPanel(undefined, { legendPlacement: 'hidden' });
    const links = screen.getAllByRole('link');
    expect(links.map((l) => l.getAttribute('aria-label'))).toEqual([
      'High: 38 devices (9.2%). Open the device list',
      'Medium: 141 devices (34.2%). Open the device list',
      'Low: 219 devices (53.2%). Open the device list',
      'No data: 14 devices (3.4%). Open the device list',
    ]);
    expect(links[0]).not.toHaveAttribute('tabindex');
    fireEvent.focus(links[1]);
    expect(screen.getByTestId(testIds.total)).toHaveTextContent('141');
  });

  it('highlights a hovered slice, shows its count in the centre and a tooltip', () => {
    renderPanel();
    const medium = screen.getAllByTestId(testIds.slice)[1];
    const before = medium.getAttribute('d');
    fireEvent.mouseEnter(medium.parentElement!);
    fireEvent.mouseMove(medium, { clientX: 100, clientY: 80 });
    expect(medium.getAttribute('d')).not.toBe(before);
    expect(screen.getByTestId(testIds.total)).toHaveTextContent('141');
    expect(screen.getByTestId(testIds.centerLabel)).toHaveTextContent('Medium');
    expect(screen.getByRole('tooltip')).toHaveTextContent('Medium141 devices · 34.2%');
    const others = screen.getAllByTestId(testIds.slice).filter((s) => s !== medium);
    expect(others.every((s) => s.getAttribute('class') !== medium.getAttribute('class'))).toBe(true);

    fireEvent.mouseLeave(medium.parentElement!);
    expect(screen.queryByRole('tooltip')).not.toBeInTheDocument();
    expect(screen.getByTestId(testIds.total)).toHaveTextContent('412');
  });

  it('highlights the level of a focused legend entry (keyboard)', () => {
    renderPanel();
    fireEvent.focus(screen.getAllByTestId(testIds.legendItem)[0]);
    expect(screen.getByTestId(testIds.total)).toHaveTextContent('38');
    expect(screen.getByTestId(testIds.centerLabel)).toHaveTextContent('High');
    fireEvent.blur(screen.getAllByTestId(testIds.legendItem)[0]);
    expect(screen.getByTestId(testIds.total)).toHaveTextContent('412');
  });

  it('leaves empty levels out of the ring but keeps them in the legend', () => {
    renderPanel([distribution({ None: 0, Low: 5, Medium: 0, High: 1 })]);
    expect(screen.getAllByTestId(testIds.slice).map((s) => s.getAttribute('data-level'))).toEqual(['High', 'Low']);
    expect(screen.getAllByTestId(testIds.legendItem)).toHaveLength(4);
  });

  it('draws an empty ring and 0 devices when every count is zero', () => {
    renderPanel([distribution({ Low: 0 })]);
    expect(screen.queryAllByTestId(testIds.slice)).toHaveLength(0);
    expect(screen.getByTestId(testIds.total)).toHaveTextContent('0');
  });

  it('follows the options: hidden legend, no "No data" slice, no links', () => {
    renderPanel(undefined, { legendPlacement: 'hidden', showNoData: false, levelUrl: '' });
    expect(screen.queryByTestId(testIds.legend)).not.toBeInTheDocument();
    expect(screen.getAllByTestId(testIds.slice).map((s) => s.getAttribute('data-level'))).toEqual([
      'High',
      'Medium',
      'Low',
    ]);
    expect(screen.getByTestId(testIds.total)).toHaveTextContent('398');
    expect(screen.queryAllByRole('link')).toHaveLength(0);
  });

  it('puts the legend below when asked', () => {
    renderPanel(undefined, { legendPlacement: 'bottom' }, { width: 380, height: 420 });
    expect(screen.getByTestId(testIds.root)).toHaveStyle({ flexDirection: 'column' });
    expect(screen.getByTestId(testIds.legend)).toBeInTheDocument();
  });

  it.each(['dark', 'light'] as const)('colours the levels from the %s theme', (mode) => {
    renderPanel(undefined, {}, { mode });
    const theme = createTheme({ colors: { mode } });
    const fills = Object.fromEntries(
      screen.getAllByTestId(testIds.slice).map((s) => [s.getAttribute('data-level'), s.getAttribute('fill')])
    );
    expect(fills).toEqual({
      High: theme.visualization.getColorByName('red'),
      Medium: theme.visualization.getColorByName('orange'),
      Low: theme.visualization.getColorByName('green'),
      None: theme.colors.border.strong,
    });
  });

  it('lets a value mapping recolour a level', () => {
    renderPanel(undefined, {}, { mappings: true });
    const high = screen.getAllByTestId(testIds.slice)[0];
    expect(high).toHaveAttribute('fill', createTheme().visualization.getColorByName('purple'));
  });

  it('shows the no-data view without counts, and nothing during the first load', () => {
    renderPanel([]);
    expect(screen.getByText(new RegExp(NO_DATA_MESSAGE.slice(0, 40)))).toBeInTheDocument();
    const { container } = renderPanel([], {}, { state: LoadingState.Loading });
    expect(container).toBeEmptyDOMElement();
  });

  it('keeps a readable doughnut in a 4×4 cell and a large total on a wall', () => {
    const { unmount } = renderPanel(undefined, {}, { width: 250, height: 110 });
    expect(screen.getAllByTestId(testIds.slice)).toHaveLength(4);
    const small = parseFloat(screen.getByTestId(testIds.total).style.fontSize);
    unmount();
    renderPanel(undefined, {}, { width: 1200, height: 640 });
    expect(parseFloat(screen.getByTestId(testIds.total).style.fontSize)).toBeGreaterThan(small * 4);
  });
});

describe('levelColor', () => {
  it('ignores mappings without a colour', () => {
    const theme = createTheme();
    const field = distribution().fields[0];
    field.config.mappings = [{ type: MappingType.ValueToText, options: { High: { text: 'Severe' } } }];
    expect(levelColor('High', theme, field)).toBe(theme.visualization.getColorByName('red'));
  });
});
