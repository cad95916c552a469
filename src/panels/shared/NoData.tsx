import React from 'react';
import { LoadingState, type FieldConfigSource, type PanelData } from '@grafana/data';
import { PanelDataErrorView } from '@grafana/runtime';

interface NoDataProps {
  panelId: number;
  data: PanelData;
  fieldConfig: FieldConfigSource;
  /** What the panel needs, in words: which query to add. */
  message: string;
}

/**
 * What a TVM panel shows when its frames hold nothing it can draw: nothing while the first response is on
 * its way (the header shows the spinner; "no data" would flash), then Grafana's own no-data view.
 */
export function NoData({ panelId, data, fieldConfig, message }: NoDataProps) {
  if (data.state === LoadingState.Loading) {
    return null;
  }
  return <PanelDataErrorView panelId={panelId} data={data} fieldConfig={fieldConfig} message={message} />;
}
