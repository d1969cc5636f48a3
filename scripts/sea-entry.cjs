'use strict';
// The entry of the standalone build (dist/oncall-linux-*, made by scripts/build-exe.mjs): the
// main script of a Node single executable application. Node 24 runs it as CommonJS, and the app
// cannot be one CommonJS file (Ink and Yoga use top-level await), so the app travels as the same
// code-split ES modules as dist/app/, stored as SEA assets `app/<file>`, and this entry serves
// them to Node's own ESM loader through in-thread module hooks. Each chunk is read from the
// executable only when first imported: `oncall demo` never reads the config loader, zod, YAML,
// undici or the adapters, exactly like the bundle.
// The dashboard restarts itself once with its heap flags and allocator settings, as the launcher does
// (scripts/heap-flags.cjs, whose text build-exe puts before this file): the blob is built with
// `execArgvExtension: 'cli'`, so `--node-options` is read as Node's flags, not the app's. The
// flags the user gave that way (process.execArgv) come after ours, as the launcher puts them:
// flags given by hand win (a heap cap for a small bastion, `--max-old-space-size=200`).
/**
 * One `--node-options` value holding `flags`: Node splits it at spaces, as NODE_OPTIONS, so a
 * flag with a space or a quote in it is quoted.
 * @param {string[]} flags
 * @returns {string}
 */
function oncallNodeOptions(flags) {
  return flags.map((f) => (/[\s"\\]/.test(f) ? `"${f.replace(/[\\"]/g, '\\$&')}"` : f)).join(' ');
}
if (oncallWantsHeapFlags(process.argv.slice(2), process.execArgv, process.env)) {
  try {
    process.execve(process.execPath, [process.execPath, `--node-options=${oncallNodeOptions([...ONCALL_HEAP_FLAGS, ...process.execArgv])}`, ...process.argv.slice(2)], oncallRestartEnv(process.env));
  } catch {
    // Runs with Node's defaults: more memory, nothing else.
  }
}
oncallDropMallocEnv(process.env);
oncallSettleHeapLater(process.env);

const {enableCompileCache, registerHooks} = require('node:module');
const {getAsset} = require('node:sea');
const {join} = require('node:path');
const {pathToFileURL} = require('node:url');

// Node's compile cache, as the bundle's launcher turns it on: in NODE_COMPILE_CACHE when set,
// else the user's own cache directory (scripts/compile-cache-dir.cjs, whose text build-exe puts
// before this file: `oncallCompileCacheDir`); NODE_DISABLE_COMPILE_CACHE=1 turns it off. It must
// be on before the first chunk is compiled.
try {
  const dir = oncallCompileCacheDir(process.env);
  if (dir !== null) enableCompileCache(dir);
} catch {
  // Start-up is only slower without it.
}

// The chunks' URLs name files "inside" the executable (…/oncall-linux-x64/app/main.mjs): no
// such file exists, but the URLs are file: URLs, so the bundle's createRequire(import.meta.url)
// and Node's compile cache (keyed by URL and source) work as they do for dist/app/.
const ROOT = pathToFileURL(join(process.execPath, 'app')).href + '/';

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.startsWith(ROOT)) return {url: specifier, shortCircuit: true};
    const parent = context.parentURL;
    if (parent !== undefined && parent.startsWith(ROOT) && specifier.startsWith('./')) {
      return {url: new URL(specifier, parent).href, shortCircuit: true};
    }
    return nextResolve(specifier, context);
  },
  load(url, context, nextLoad) {
    if (!url.startsWith(ROOT)) return nextLoad(url, context);
    return {format: 'module', source: getAsset(`app/${url.slice(ROOT.length)}`, 'utf8'), shortCircuit: true};
  },
});

// src/cli/main.ts runs the command line itself when it finds itself in a single executable.
import(`${ROOT}main.mjs`).catch((error) => {
  process.stderr.write(`oncall: the standalone build could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 2;
});
