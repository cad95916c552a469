import React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { locationService } from '@grafana/runtime';
import { navigateOnClick } from './navigation';

describe('navigateOnClick', () => {
  let push: jest.SpyInstance;
  beforeEach(() => {
    push = jest.spyOn(locationService, 'push').mockImplementation(() => {});
  });
  afterEach(() => push.mockRestore());

  const renderLink = (url: string) =>
    render(
      <a href={url} onClick={navigateOnClick(url)}>
        go
      </a>
    );

  it('navigates inside Grafana on a plain click of an internal link', () => {
    renderLink('/d/tvm-devices/devices?var-level=High');
    const notPrevented = fireEvent.click(screen.getByText('go'), { button: 0 });
    expect(notPrevented).toBe(false);
    expect(push).toHaveBeenCalledWith('/d/tvm-devices/devices?var-level=High');
  });

  it('leaves modified clicks and external links to the browser', () => {
    renderLink('/d/tvm-devices');
    expect(fireEvent.click(screen.getByText('go'), { button: 0, ctrlKey: true })).toBe(true);
    expect(fireEvent.click(screen.getByText('go'), { button: 0, metaKey: true })).toBe(true);
    expect(push).not.toHaveBeenCalled();
  });

  it('does not intercept absolute URLs', () => {
    renderLink('https://example.com/x');
    expect(fireEvent.click(screen.getByText('go'), { button: 0 })).toBe(true);
    expect(push).not.toHaveBeenCalled();
  });
});
