#!/bin/sh
//usr/bin/env true; exec node -- "$0" "$@"
// For sh, the line above runs `true`, then this file with `node --`; for Node it is a comment.
// Without the `--`, Node 20 takes an `--env-file` argument meant for the CLI as its own option.
// The CLI itself is compiled to dist-cli/ by `npm run build:cli`, which `npm ci` and `npm install`
// run through the `prepare` script.
'use strict';
const path = require('node:path');
const entry = path.join(__dirname, '..', 'dist-cli', 'src', 'cli', 'main.js');
let cli;
try {
  cli = require(entry);
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes(entry)) {
    process.stderr.write('strongroom: the CLI is not built yet: run `npm run build:cli` (npm ci does it)\n');
    process.exit(1);
  }
  throw error;
}
void cli.main();
