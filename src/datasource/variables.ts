import {
  createDataFrame,
  CustomVariableSupport,
  type DataQueryRequest,
  type DataQueryResponse,
  FieldType,
} from '@grafana/data';
import type { DataQuery } from '@grafana/schema';
import { from, type Observable } from 'rxjs';
import { VariableQueryEditor } from './components/VariableQueryEditor';
import type { TvmDataSource } from './datasource';
import type { TvmVariableQuery } from './types';

/** A variable query as Grafana stores it: the TVM variable query plus the refId every query has. */
export type TvmVariableDataQuery = TvmVariableQuery & DataQuery;

/**
 * Template variables from the service: device groups, OS platforms, severities, devices (text = name,
 * value = id) and software (text = display name, value = id), answered as a frame of `text` and `value`.
 */
export class TvmVariableSupport extends CustomVariableSupport<TvmDataSource, TvmVariableDataQuery> {
  editor = VariableQueryEditor;

  constructor(private readonly datasource: TvmDataSource) {
    super();
  }

  query(request: DataQueryRequest<TvmVariableDataQuery>): Observable<DataQueryResponse> {
    return from(this.values(request));
  }

  private async values(request: DataQueryRequest<TvmVariableDataQuery>): Promise<DataQueryResponse> {
    const query = request.targets[0];
    if (!query?.kind) {
      return { data: [] };
    }
    const values = await this.datasource.metricFindValues(query, request.scopedVars);
    return {
      data: [
        createDataFrame({
          refId: query.refId,
          fields: [
            { name: 'text', type: FieldType.string, values: values.map((v) => String(v.text)) },
            { name: 'value', type: FieldType.string, values: values.map((v) => String(v.value ?? v.text)) },
          ],
        }),
      ],
    };
  }
}
