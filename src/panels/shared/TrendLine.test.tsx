import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { withTheme } from './testing';
import { TrendLine, trendDomain } from './TrendLine';

const points = [
  { time: 1000, value: 40, row: 0 },
  { time: 2000, value: 45, row: 1 },
  { time: 3000, value: 42, row: 2 },
];

describe('trendDomain', () => {
  it('pads the data extent', () => {
    const [lo, hi] = trendDomain([40, 50]);
    expect(lo).toBeLessThan(40);
    expect(hi).toBeGreaterThan(50);
  });

  it('widens a near-flat series to the minimum span around its middle', () => {
    const [lo, hi] = trendDomain([50, 50.2], 10);
    expect(hi - lo).toBeGreaterThanOrEqual(10);
    expect((lo + hi) / 2).toBeCloseTo(50.1);
  });

  it('shifts instead of crossing the bounds', () => {
    const [lo, hi] = trendDomain([1, 2], 10, [0, 100]);
    expect(lo).toBe(0);
    expect(hi).toBeGreaterThanOrEqual(10);
    const [lo2, hi2] = trendDomain([99, 100], 10, [0, 100]);
    expect(hi2).toBe(100);
    expect(lo2).toBeLessThanOrEqual(90);
  });
});

describe('TrendLine', () => {
  it('draws a labelled line and the guides inside the visible range', () => {
    render(
      withTheme(
        <TrendLine
          points={points}
          width={200}
          height={60}
          color="#f00"
          label="Exposure score trend"
          minSpan={10}
          guides={[
            { value: 44, color: '#0f0' },
            { value: 90, color: '#00f' },
          ]}
          testId="trend"
        />
      )
    );
    expect(screen.getByRole('img', { name: 'Exposure score trend' })).toBeInTheDocument();
    const line = screen.getByTestId('trend-line');
    expect(line.getAttribute('d')).toMatch(/^M/);
    expect(line).toHaveAttribute('stroke', '#f00');
    expect(screen.getAllByTestId('trend-guide')).toHaveLength(1);
  });

  it('shows the nearest point on hover and hides it on leave', () => {
    render(withTheme(<TrendLine points={points} width={200} height={60} color="#f00" label="t" timeZone="utc" />));
    const svg = screen.getByRole('img', { name: 't' });
    fireEvent.mouseMove(svg, { clientX: 199, clientY: 10 });
    expect(screen.getByTestId('trend-readout')).toHaveTextContent('42');
    fireEvent.mouseMove(svg, { clientX: 0, clientY: 10 });
    expect(screen.getByTestId('trend-readout')).toHaveTextContent('40');
    fireEvent.mouseLeave(svg);
    expect(screen.queryByTestId('trend-readout')).not.toBeInTheDocument();
  });

  it('draws nothing with fewer than two points or no room', () => {
    const { container, rerender } = render(
      withTheme(<TrendLine points={points.slice(0, 1)} width={200} height={60} color="#f00" label="t" />)
    );
    expect(container).toBeEmptyDOMElement();
    rerender(withTheme(<TrendLine points={points} width={4} height={60} color="#f00" label="t" />));
    expect(container).toBeEmptyDOMElement();
  });
});
