#!/usr/bin/env node
'use strict';
// Container health check of the TVM service: GET /health on its own port. The slim Node image has
// no curl or wget, so Node does it. Exit 0 when the service answers 200 within the timeout, else 1.
const port = Number(process.env.TVM_PORT || 8080);
const timeoutMs = Number(process.env.TVM_HEALTHCHECK_TIMEOUT_MS || 4000);

fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(timeoutMs) }).then(
  (res) => {
    if (!res.ok) {
      process.stderr.write(`tvm health check: GET /health answered ${res.status}\n`);
    }
    process.exit(res.ok ? 0 : 1);
  },
  (err) => {
    process.stderr.write(`tvm health check: GET /health on port ${port} failed: ${err.message}\n`);
    process.exit(1);
  }
);
