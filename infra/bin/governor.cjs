#!/usr/bin/env node
// The `governor` command (package.json "bin"): runs the compiled CLI; build it with `npm run build`.
const path = require('node:path');
const fs = require('node:fs');
const cli = path.resolve(__dirname, '../../dist/libs/cli/src/governor.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('governor: the workspace is not built yet: run `npm run build` first\n');
  process.exit(1);
}
require(cli);
