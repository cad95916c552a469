/**
 * jsdom (the plugin project's setup file and @grafana/data need a DOM) with Node's Uint8Array, for tests that run
 * the TVM service in-process: its feed parsers check `bytes instanceof Uint8Array`, which is false for Node's
 * Buffers against jsdom's own Uint8Array (another realm).
 */
const { TestEnvironment } = require('jest-environment-jsdom');

class ServiceEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    this.global.Uint8Array = Uint8Array;
  }
}

module.exports = ServiceEnvironment;
