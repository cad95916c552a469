/**
 * The modules Grafana shares with plugins: a built plugin's `define([...deps], factory)` names them, and
 * Grafana hands over its own instances instead of letting each plugin bundle a copy. The harness bundles
 * the same packages at the versions the plugin is built against and hands them over the same way, so a
 * plugin that works here talks to the very singletons (`setBackendSrv`, `ThemeContext`, registries) the
 * host configured.
 */
import * as emotionCss from '@emotion/css';
import * as emotionReact from '@emotion/react';
import * as grafanaData from '@grafana/data';
import * as grafanaI18n from '@grafana/i18n';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaSchema from '@grafana/schema';
import * as grafanaUi from '@grafana/ui';
import * as i18next from 'i18next';
import * as lodash from 'lodash';
// Grafana shares moment with plugins; the harness hands over the same package.
// eslint-disable-next-line no-restricted-imports
import * as moment from 'moment';
import * as react from 'react';
import * as reactDom from 'react-dom';
import * as reactJsxRuntime from 'react/jsx-runtime';
import * as reactRouter from 'react-router';
import * as reactRouterDom from 'react-router-dom';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';

export const SHARED_MODULES: Record<string, unknown> = {
  '@emotion/css': emotionCss,
  '@emotion/react': emotionReact,
  '@grafana/data': grafanaData,
  '@grafana/i18n': grafanaI18n,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/schema': grafanaSchema,
  '@grafana/ui': grafanaUi,
  i18next,
  lodash,
  moment,
  react,
  'react-dom': reactDom,
  'react/jsx-runtime': reactJsxRuntime,
  'react/jsx-dev-runtime': reactJsxRuntime,
  'react-router': reactRouter,
  'react-router-dom': reactRouterDom,
  rxjs,
  'rxjs/operators': rxjsOperators,
};
