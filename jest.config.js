// force timezone to UTC to allow tests to work regardless of local timezone
process.env.TZ = 'UTC';

const scaffold = require('./.config/jest.config');
const { grafanaESModules, nodeModulesToTransform } = require('./.config/jest/utils');

module.exports = {
  projects: [
    {
      // The Grafana app plugin (src/): Jest configuration provided by Grafana scaffolding.
      displayName: 'plugin',
      ...scaffold,
      // @grafana/* 13 pulls in d3 modules published as .mjs only; run them through the same transform.
      transform: {
        ...scaffold.transform,
        '^.+\\.mjs$': scaffold.transform['^.+\\.(t|j)sx?$'],
      },
      // The panels draw with d3-shape, whose entry point is an ES module.
      transformIgnorePatterns: [nodeModulesToTransform([...grafanaESModules, 'd3-shape', 'd3-path'])],
    },
    {
      // The TVM service (backend/): plain Node, transpiled by the same swc transform.
      displayName: 'backend',
      testEnvironment: 'node',
      roots: ['<rootDir>/backend/src'],
      testMatch: ['**/*.test.ts'],
      transform: scaffold.transform,
    },
    {
      // Repository-level checks in Node: dashboards, provisioning, compose, alert rules, the browser harness.
      displayName: 'repo',
      testEnvironment: 'node',
      roots: ['<rootDir>/dashboards', '<rootDir>/provisioning', '<rootDir>/harness', '<rootDir>/deploy'],
      testMatch: ['**/*.test.ts'],
      transform: scaffold.transform,
    },
  ],
};
