#!/usr/bin/env node
/**
 * Bundles the CLI into one self-contained ESM file, dist/oncall.mjs, that runs with no
 * node_modules. Ink optionally imports react-devtools-core; it is aliased to a stub because
 * marking it external crashes at start. NODE_ENV=production drops React's dev reconciler.
 */
import {build} from 'esbuild';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

await build({
  entryPoints: [join(root, 'src/cli/main.ts')],
  outfile: join(root, 'dist/oncall.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  sourcemap: false,
  legalComments: 'linked',
  define: {'process.env.NODE_ENV': '"production"'},
  alias: {'react-devtools-core': join(root, 'scripts/stubs/react-devtools-core.mjs')},
  // CommonJS dependencies (yargs helpers, undici internals) call require(): give them one.
  // The version check runs before any bundled module initialises: on Node 20 undici crashes at
  // import with an unreadable minified trace.
  banner: {
    js: [
      "if (Number(process.versions.node.split('.')[0]) < 24) { process.stderr.write('oncall needs Node.js 24 or newer (this is ' + process.version + '). Run it through npm (npm run demo), or install Node 24.\\n'); process.exit(2); }",
      "import {createRequire as __oncallCreateRequire} from 'node:module'; const require = __oncallCreateRequire(import.meta.url);",
    ].join('\n'),
  },
  logLevel: 'warning',
});
console.log('built dist/oncall.mjs');
