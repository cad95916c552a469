import { DataSourcePlugin } from '@grafana/data';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { TvmDataSource } from './datasource';
import type { TvmDataSourceOptions, TvmQuery, TvmSecureJsonData } from './types';

export const plugin = new DataSourcePlugin<TvmDataSource, TvmQuery, TvmDataSourceOptions, TvmSecureJsonData>(
  TvmDataSource
)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
