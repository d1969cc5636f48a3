#!/usr/bin/env node
// Entry for `npm install -g` / `npx oncall`: the bundle needs Node 24.
const [major] = process.versions.node.split('.').map(Number);
if (major < 24) {
  process.stderr.write(`oncall needs Node.js 24 or newer (this is ${process.version}). Run it through npm (npm run demo) or install Node 24.\n`);
  process.exit(2);
}
await import('../dist/oncall.mjs');
