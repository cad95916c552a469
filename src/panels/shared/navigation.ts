import type React from 'react';
import { locationUtil } from '@grafana/data';
import { locationService } from '@grafana/runtime';
import { isInternalUrl } from './links';

/**
 * Click handler for the panels' real `<a>` links (HTML or SVG): a plain left click on an internal URL
 * navigates inside Grafana's single-page app instead of reloading it; modified clicks (new tab, new window)
 * and external URLs keep the browser's behaviour.
 */
export function navigateOnClick(url: string | undefined) {
  return (event: React.MouseEvent<Element>) => {
    if (!url || !isInternalUrl(url)) {
      return;
    }
    if (
      event.defaultPrevented ||
      event.button !== 0 ||
      event.metaKey ||
      event.ctrlKey ||
      event.shiftKey ||
      event.altKey
    ) {
      return;
    }
    event.preventDefault();
    locationService.push(locationUtil.stripBaseFromUrl(url));
  };
}
