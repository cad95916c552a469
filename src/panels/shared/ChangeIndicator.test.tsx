import React from 'react';
import { render, screen } from '@testing-library/react';
import { ChangeIndicator } from './ChangeIndicator';
import { withTheme } from './testing';

const since = Date.UTC(2026, 9, 22);

describe('ChangeIndicator', () => {
  it('marks a rise as worse when lower is better', () => {
    render(
      withTheme(
        <ChangeIndicator
          change={{ from: 55, to: 63, delta: 8, since }}
          better="down"
          fontSize={12}
          testId="c"
          timeZone="utc"
        />
      )
    );
    const el = screen.getByTestId('c');
    expect(el).toHaveTextContent('↑8since Oct 22');
    expect(el).toHaveAttribute('data-sentiment', 'bad');
    expect(el).toHaveAccessibleName('Up 8 since Oct 22, worse');
  });

  it('marks a rise as better when higher is better, with a suffix', () => {
    render(
      withTheme(
        <ChangeIndicator
          change={{ from: 380, to: 412, delta: 32, since }}
          better="up"
          suffix=" points"
          fontSize={12}
          testId="c"
          timeZone="utc"
          compact
        />
      )
    );
    const el = screen.getByTestId('c');
    expect(el).toHaveTextContent('↑32 points');
    expect(el).not.toHaveTextContent('since');
    expect(el).toHaveAttribute('data-sentiment', 'good');
  });

  it('says "No change" for a change that rounds to zero', () => {
    render(
      withTheme(
        <ChangeIndicator change={{ from: 63, to: 63.2, delta: 0.2, since }} better="down" fontSize={12} testId="c" />
      )
    );
    expect(screen.getByTestId('c')).toHaveTextContent('→No change');
    expect(screen.getByTestId('c')).toHaveAttribute('data-sentiment', 'neutral');
  });

  it('uses different colours for better and worse in both themes', () => {
    for (const mode of ['dark', 'light'] as const) {
      const { unmount } = render(
        withTheme(
          <>
            <ChangeIndicator change={{ from: 1, to: 2, delta: 1, since }} better="up" fontSize={12} testId="good" />
            <ChangeIndicator change={{ from: 2, to: 1, delta: -1, since }} better="up" fontSize={12} testId="bad" />
          </>,
          mode
        )
      );
      const good = getComputedStyle(screen.getByTestId('good')).color;
      const bad = getComputedStyle(screen.getByTestId('bad')).color;
      expect(good).not.toBe('');
      expect(good).not.toBe(bad);
      unmount();
    }
  });
});
