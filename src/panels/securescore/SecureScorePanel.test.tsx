import React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import {
  createDataFrame,
  createTheme,
  dateTime,
  FieldColorModeId,
  FieldType,
  LoadingState,
  type TimeRange,
} from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { panelProps, type ThemeMode, withTheme } from '../shared/testing';
import { plugin } from './module';
import { barColor, NO_DATA_MESSAGE, SecureScorePanel } from './SecureScorePanel';
import { testIds } from './testIds';
import type { SecureScoreOptions } from './types';

const DAY = 86400000;
const NOW = Date.UTC(2026, 10, 20, 10);
const timeRange: TimeRange = { from: dateTime(NOW - 7 * DAY), to: dateTime(NOW), raw: { from: 'now-7d', to: 'now' } };

const overall = () =>
  createDataFrame({
    refId: 'A',
    fields: [
      { name: 'time', type: FieldType.time, values: [NOW] },
      { name: 'score', type: FieldType.number, values: [412] },
      { name: 'maxScore', type: FieldType.number, values: [560] },
      { name: 'percent', type: FieldType.number, values: [73.57] },
    ],
  });

const categories = () =>
  createDataFrame({
    refId: 'B',
    fields: [
      {
        name: 'category',
        type: FieldType.string,
        values: ['Application', 'OS', 'Network', 'Accounts', 'SecurityControls'],
      },
      { name: 'score', type: FieldType.number, values: [96, 138, 52, 40, 86] },
      { name: 'maxScore', type: FieldType.number, values: [120, 170, 90, 60, 120] },
      { name: 'percent', type: FieldType.number, values: [80, 81.18, 57.78, 66.67, 71.67] },
    ],
  });

const history = () =>
  createDataFrame({
    refId: 'C',
    fields: [
      { name: 'time', type: FieldType.time, values: [6, 4, 2, 0].map((d) => NOW - d * DAY) },
      { name: 'secureScore', type: FieldType.number, values: [380, 390, 401, 412] },
      { name: 'maxScore', type: FieldType.number, values: [560, 560, 560, 560] },
      { name: 'percent', type: FieldType.number, values: [67.9, 69.6, 71.6, 73.6] },
    ],
  });

const replaceVariables = (value: string) =>
  value.replace('${group:queryparam}', 'var-group=Servers').replace('${__url_time_range}', 'from=now-7d&to=now');

function renderPanel(
  frames = [overall(), categories(), history()],
  options: Partial<SecureScoreOptions> = {},
  extra: { mode?: ThemeMode; width?: number; height?: number; state?: LoadingState; thresholdColors?: boolean } = {}
) {
  const props = panelProps({
    plugin,
    frames,
    options,
    mode: extra.mode,
    width: extra.width ?? 520,
    height: extra.height ?? 280,
    state: extra.state,
    timeRange,
    replaceVariables,
    fieldConfig: extra.thresholdColors ? { defaults: { color: { mode: FieldColorModeId.Thresholds } } } : undefined,
  });
  return render(withTheme(<SecureScorePanel {...props} />, extra.mode));
}

describe('SecureScorePanel', () => {
  it('shows points of the maximum, the percent and the change (a rise is good)', () => {
    renderPanel();
    expect(screen.getByTestId(testIds.value)).toHaveTextContent('412 / 560 points');
    expect(screen.getByTestId(testIds.percent)).toHaveTextContent('74%');
    const change = screen.getByTestId(testIds.change);
    expect(change).toHaveTextContent('↑32 pointssince Nov 14');
    expect(change).toHaveAttribute('data-sentiment', 'good');
  });

  it('draws one bar per category in Defender order, filled to its percent', () => {
    renderPanel();
    const rows = screen.getAllByTestId(testIds.category);
    expect(rows.map((r) => r.getAttribute('data-category'))).toEqual([
      'Application',
      'OS',
      'Network',
      'Accounts',
      'SecurityControls',
    ]);
    expect(within(rows[4]).getByText('Security controls')).toBeInTheDocument();
    expect(within(rows[2]).getByText('58%')).toBeInTheDocument();
    const bars = screen.getAllByTestId(testIds.bar);
    expect(bars[0]).toHaveStyle({ width: '80%' });
    expect(bars[2].style.width).toBe('57.78%');
  });

  it('makes each bar a link to the recommendations of its category', () => {
    const push = jest.spyOn(locationService, 'push').mockImplementation(() => {});
    renderPanel();
    const link = screen.getByRole('link', { name: /^Security controls: 86 \/ 120 points, 72%/ });
    const url =
      '/d/tvm-recommendations/security-recommendations?var-category=SecurityControls&var-group=Servers&from=now-7d&to=now';
    expect(link).toHaveAttribute('href', url);
    fireEvent.click(link, { button: 0 });
    expect(push).toHaveBeenCalledWith(url);
    expect(screen.getAllByRole('link')).toHaveLength(5);
    push.mockRestore();
  });

  it('renders bars without links when the URL option is empty', () => {
    renderPanel(undefined, { categoryUrl: '' });
    expect(screen.queryAllByRole('link')).toHaveLength(0);
    expect(screen.getAllByTestId(testIds.category)).toHaveLength(5);
  });

  it('draws the trend of the history', () => {
    renderPanel();
    expect(within(screen.getByTestId(testIds.trend)).getByRole('img')).toHaveAccessibleName(
      'Secure score trend from 380 to 412 points'
    );
  });

  it('sums the categories without an overall query and says the trend needs history', () => {
    renderPanel([categories()]);
    expect(screen.getByTestId(testIds.value)).toHaveTextContent('412 / 560 points');
    expect(screen.getByTestId(testIds.trendNote)).toHaveTextContent('No trend: add a "Secure score history" query');
    expect(screen.queryByTestId(testIds.change)).not.toBeInTheDocument();
  });

  it('follows the options: no bars, no trend, no change, decimals', () => {
    renderPanel(undefined, { showCategories: false, showTrend: false, showChange: false, decimals: 1 });
    expect(screen.queryByTestId(testIds.categories)).not.toBeInTheDocument();
    expect(screen.queryByTestId(testIds.trend)).not.toBeInTheDocument();
    expect(screen.queryByTestId(testIds.change)).not.toBeInTheDocument();
    expect(screen.getByTestId(testIds.percent)).toHaveTextContent('73.6%');
  });

  it('shows the no-data view without secure score frames', () => {
    renderPanel([]);
    expect(screen.getByText(new RegExp(NO_DATA_MESSAGE.slice(0, 40)))).toBeInTheDocument();
    const { container } = renderPanel([], {}, { state: LoadingState.Loading });
    expect(container).toBeEmptyDOMElement();
  });

  it.each(['dark', 'light'] as const)("fills the bars with the theme's blue in %s", (mode) => {
    renderPanel(undefined, {}, { mode });
    const blue = createTheme({ colors: { mode } }).visualization.getColorByName('blue');
    for (const bar of screen.getAllByTestId(testIds.bar)) {
      expect(bar).toHaveStyle({ background: blue });
    }
  });

  it('colours the bars by thresholds when the colour scheme says so', () => {
    renderPanel(undefined, {}, { thresholdColors: true });
    const theme = createTheme({ colors: { mode: 'dark' } });
    const [application, , network] = screen.getAllByTestId(testIds.bar);
    expect(application).toHaveStyle({ background: theme.visualization.getColorByName('green') });
    expect(network).toHaveStyle({ background: theme.visualization.getColorByName('orange') });
  });

  it('keeps the score in a 4×4 cell and puts labels above narrow bars', () => {
    const { unmount } = renderPanel(undefined, {}, { width: 250, height: 110 });
    expect(screen.getByTestId(testIds.value)).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.categories)).not.toBeInTheDocument();
    unmount();
    renderPanel(undefined, {}, { width: 220, height: 420 });
    expect(screen.getAllByTestId(testIds.category)[0]).toHaveStyle({ flexDirection: 'column' });
  });
});

describe('barColor', () => {
  it("falls back to the theme's blue for fields that never went through Grafana", () => {
    const theme = createTheme();
    expect(barColor(undefined, 50, theme)).toBe(theme.visualization.getColorByName('blue'));
    expect(barColor(categories().fields[3], undefined, theme)).toBe(theme.visualization.getColorByName('blue'));
  });
});
