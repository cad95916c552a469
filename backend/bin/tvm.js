#!/usr/bin/env node
'use strict';
// The CLI is compiled from backend/src by `npm ci` (prepare) or `npm run build:backend`.
const path = require('path');
const fs = require('fs');
const entry = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('tvm: backend is not built. Run `npm ci` (or `npm run build:backend`) in ' + path.join(__dirname, '..', '..') + '\n');
  process.exit(1);
}
require(entry).main(process.argv).catch((err) => {
  process.stderr.write('tvm: ' + (err && err.message ? err.message : String(err)) + '\n');
  process.exit(1);
});
