import React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { createDataFrame, createTheme, dateTime, FieldType, LoadingState, type TimeRange } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { panelProps, type ThemeMode, withTheme } from '../shared/testing';
import { ExposureScorePanel, NO_DATA_MESSAGE } from './ExposureScorePanel';
import { plugin } from './module';
import { testIds } from './testIds';
import type { ExposureScoreOptions } from './types';

const DAY = 86400000;
const NOW = Date.UTC(2026, 10, 20, 10);
const timeRange: TimeRange = { from: dateTime(NOW - 7 * DAY), to: dateTime(NOW), raw: { from: 'now-7d', to: 'now' } };

const currentFrame = (score: number | null = 63.4) =>
  createDataFrame({
    refId: 'A',
    fields: [
      { name: 'time', type: FieldType.time, values: [NOW] },
      { name: 'score', type: FieldType.number, values: [score] },
      { name: 'level', type: FieldType.string, values: [score === null ? 'None' : 'Medium'] },
      { name: 'activeDevices', type: FieldType.number, values: [score === null ? 0 : 412] },
    ],
  });

const historyFrame = () =>
  createDataFrame({
    refId: 'B',
    fields: [
      { name: 'time', type: FieldType.time, values: [0, 1, 2, 3].map((i) => NOW - (6 - 2 * i) * DAY) },
      { name: 'exposureScore', type: FieldType.number, values: [55.4, 58, null, 61] },
      { name: 'None', type: FieldType.number, values: [1, 1, 1, 1] },
    ],
  });

const replaceVariables = (value: string) =>
  value.replace('${group:queryparam}', 'var-group=Servers').replace('${__url_time_range}', 'from=now-7d&to=now');

function renderPanel(
  frames = [historyFrame(), currentFrame()],
  options: Partial<ExposureScoreOptions> = {},
  extra: { mode?: ThemeMode; width?: number; height?: number; state?: LoadingState; links?: boolean } = {}
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
    fieldConfig: extra.links
      ? { defaults: { links: [{ title: 'Event timeline', url: '/d/tvm-events/events' }] } }
      : undefined,
  });
  return render(withTheme(<ExposureScorePanel {...props} />, extra.mode));
}

describe('ExposureScorePanel', () => {
  it('shows the score, its level and the change since the start of the range', () => {
    renderPanel();
    expect(screen.getByTestId(testIds.value)).toHaveTextContent('63/100');
    expect(screen.getByTestId(testIds.value)).toHaveAccessibleName('Exposure score 63 of 100');
    expect(screen.getByTestId(testIds.level)).toHaveTextContent('Medium');
    const change = screen.getByTestId(testIds.change);
    expect(change).toHaveTextContent('↑8since Nov 14');
    // Lower is better: a rise is bad.
    expect(change).toHaveAttribute('data-sentiment', 'bad');
  });

  it('marks the medium band and places the marker at the score', () => {
    renderPanel();
    const segments = screen.getAllByTestId(testIds.bandSegment);
    expect(segments.map((s) => s.getAttribute('data-level'))).toEqual(['Low', 'Medium', 'High']);
    expect(segments.map((s) => s.getAttribute('data-active'))).toEqual(['false', 'true', 'false']);
    expect(segments[1]).toHaveStyle({ left: '30%', width: '40%' });
    expect(screen.getByTestId(testIds.bandMarker).style.left).toBe('63.4%');
  });

  it('draws the trend from the history, skipping missing points', () => {
    renderPanel();
    const trend = screen.getByTestId(testIds.trend);
    expect(within(trend).getByRole('img')).toHaveAccessibleName('Exposure score trend from 55 to 61');
    expect(within(trend).getByTestId('trend-line').getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+C/);
  });

  it('links to the recommendations with the dashboard variables, navigating inside Grafana', () => {
    const push = jest.spyOn(locationService, 'push').mockImplementation(() => {});
    renderPanel();
    const link = screen.getByRole('link', { name: /improve your score: view recommendations by impact/i });
    expect(link).toHaveAttribute(
      'href',
      '/d/tvm-recommendations/security-recommendations?var-group=Servers&from=now-7d&to=now'
    );
    fireEvent.click(link, { button: 0 });
    expect(push).toHaveBeenCalledWith(
      '/d/tvm-recommendations/security-recommendations?var-group=Servers&from=now-7d&to=now'
    );
    push.mockRestore();
  });

  it('follows the options: decimals, no band, no trend, no change, no link', () => {
    renderPanel(undefined, { decimals: 1, showBand: false, showTrend: false, showChange: false, linkText: '' });
    expect(screen.getByTestId(testIds.value)).toHaveTextContent('63.4/100');
    expect(screen.queryByTestId(testIds.band)).not.toBeInTheDocument();
    expect(screen.queryByTestId(testIds.trend)).not.toBeInTheDocument();
    expect(screen.queryByTestId(testIds.trendNote)).not.toBeInTheDocument();
    expect(screen.queryByTestId(testIds.change)).not.toBeInTheDocument();
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });

  it('says subtly that a trend needs the history query', () => {
    renderPanel([currentFrame()]);
    expect(screen.getByTestId(testIds.trendNote)).toHaveTextContent('No trend: add an "Exposure score history" query');
    expect(screen.queryByTestId(testIds.change)).not.toBeInTheDocument();
  });

  it('uses the last history point when there is no current score query', () => {
    renderPanel([historyFrame()]);
    expect(screen.getByTestId(testIds.value)).toHaveTextContent('61/100');
    expect(screen.getByTestId(testIds.change)).toHaveTextContent('↑6');
  });

  it('says there is no active device when the service has no score', () => {
    renderPanel([currentFrame(null)]);
    expect(screen.getByTestId(testIds.value)).toHaveTextContent('—');
    expect(screen.getByTestId(testIds.value)).not.toHaveTextContent('/100');
    expect(screen.getByTestId(testIds.level)).toHaveTextContent('No data');
    expect(screen.getByText('No active devices to score')).toBeInTheDocument();
    expect(screen.queryByTestId(testIds.bandMarker)).not.toBeInTheDocument();
  });

  it('shows the no-data view without exposure frames, and nothing while the first load runs', () => {
    renderPanel([]);
    expect(screen.getByText(new RegExp(NO_DATA_MESSAGE.slice(0, 40)))).toBeInTheDocument();
    const { container } = renderPanel([], {}, { state: LoadingState.Loading });
    expect(container).toBeEmptyDOMElement();
  });

  it('opens the data links configured on the score field', () => {
    renderPanel(undefined, {}, { links: true });
    expect(screen.getByRole('link', { name: /63/ })).toHaveAttribute('href', '/d/tvm-events/events');
  });

  it.each(['dark', 'light'] as const)('colours the score by its level from the %s theme', (mode) => {
    renderPanel(undefined, {}, { mode });
    const orange = createTheme({ colors: { mode } }).visualization.getColorByName('orange');
    expect(screen.getByTestId(testIds.value)).toHaveStyle({ color: orange });
    expect(screen.getByTestId(testIds.level)).toHaveStyle({ background: orange });
  });

  it('keeps the score readable in a 4×4 cell and large on a wall', () => {
    const { unmount } = renderPanel(undefined, {}, { width: 250, height: 110 });
    const small = parseFloat(screen.getByTestId(testIds.value).style.fontSize);
    expect(screen.queryByTestId(testIds.trend)).not.toBeInTheDocument();
    expect(screen.getByTestId(testIds.link)).toBeInTheDocument();
    unmount();
    renderPanel(undefined, {}, { width: 1200, height: 640 });
    const large = parseFloat(screen.getByTestId(testIds.value).style.fontSize);
    expect(small).toBeGreaterThanOrEqual(20);
    expect(large).toBeGreaterThan(small * 3);
  });
});
