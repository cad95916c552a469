/**
 * What @grafana/ui's Combobox needs from a browser and jsdom lacks: element sizes (its menu is virtualized and
 * renders no option in a zero-height box), scrollIntoView, IntersectionObserver (scroll indicators) and canvas
 * text measurement (auto-sized inputs). Call in `beforeAll` of editor tests.
 */
export function installComboboxShims(): void {
  jest.spyOn(Element.prototype, 'getBoundingClientRect').mockReturnValue({
    width: 400,
    height: 400,
    top: 0,
    left: 0,
    bottom: 400,
    right: 400,
    x: 0,
    y: 0,
    toJSON: () => ({}),
  } as DOMRect);
  // The virtualizer reads the scroll box's size from clientWidth/clientHeight, the menu's from offsetWidth.
  for (const prop of ['clientHeight', 'clientWidth', 'offsetHeight', 'offsetWidth']) {
    Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => 400 });
  }
  Element.prototype.scrollIntoView = jest.fn();
  class NoIntersectionObserver {
    observe() {}
    unobserve() {}
    disconnect() {}
    takeRecords() {
      return [];
    }
  }
  Object.defineProperty(window, 'IntersectionObserver', { writable: true, value: NoIntersectionObserver });
  jest
    .spyOn(HTMLCanvasElement.prototype, 'getContext')
    .mockReturnValue({ measureText: (text: string) => ({ width: text.length * 7 }), font: '' } as never);
}
