/** What the host unit tests use, bundled in one piece by `loadBundled`. */
export * from './templateSrv';
export * from './variables';
export { createDataFrame, dateTime, FieldType } from '@grafana/data';
