#!/usr/bin/env node
// Compiles every app, lib and script into dist/ with one tsc pass, then rewrites the
// @interline/* path aliases into relative requires so plain `node` can run the output.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const bin = (name) => path.join(root, 'node_modules', '.bin', name);

for (const [tool, args] of [
  ['tsc', ['-p', 'tsconfig.build.json']],
  ['tsc-alias', ['-p', 'tsconfig.build.json']],
]) {
  const result = spawnSync(bin(tool), args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`build failed: ${tool} exited with status ${result.status ?? result.signal}`);
    process.exit(1);
  }
}
