/**
 * Where the time of `oncall alerts --json` on 10,000 alerts goes, phase by phase (diagnostic;
 * not part of `npm run bench`):
 *
 *   npx tsx bench/alerts-phases.ts [--runs 7] [--delay 300] [--no-build]
 *
 * A real Alertmanager writes nothing until it has encoded the whole answer (bench (d)'s "curl:
 * first byte" row), so a client's work overlaps the server's only between its request and the
 * answer; what counts is its start-up before the request, and its decoding and writing after
 * the last byte. This harness stands in for that server: it answers `/api/v2/alerts` with the 10,000
 * alerts of the benchmark, pre-encoded, `--delay` ms after the request (the encoding time of a
 * real one), and `/api/v2/silences` with `[]`. Per run, timed from the spawn: when the request
 * arrived (start-up), the last byte sent → the first byte of output (decode, acks, sort), the
 * first byte of output → exit (writing ~10 MB of JSON to a pipe), and the whole. Medians; the
 * same machine's `node -e 0` beside them.
 */
import {spawn, spawnSync} from 'node:child_process';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {createServer} from 'node:http';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {generateAlerts, gettableAlerts, SHAPE} from './alerts-data.ts';
import {BUNDLE, NODE} from './bundle.ts';
import {median, round} from './stats.ts';

const {values} = parseArgs({options: {runs: {type: 'string'}, delay: {type: 'string'}, 'no-build': {type: 'boolean'}}});
const runs = Number(values.runs ?? 7);
const delayMs = Number(values.delay ?? 300);
if (!values['no-build']) {
  const built = spawnSync(NODE, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], {stdio: 'inherit'});
  if (built.status !== 0) process.exit(2);
}

const now = Date.now();
const body = Buffer.from(JSON.stringify(gettableAlerts(generateAlerts(SHAPE.groups * SHAPE.perGroup, now), now)));
let started = 0;
const marks: {request?: number; sent?: number} = {};
const server = createServer((req, res) => {
  if (!req.url?.endsWith('/api/v2/alerts')) {
    res.writeHead(200, {'content-type': 'application/json'});
    res.end('[]');
    return;
  }
  marks.request = performance.now() - started;
  setTimeout(() => {
    res.writeHead(200, {'content-type': 'application/json'});
    res.end(body, () => (marks.sent = performance.now() - started));
  }, delayMs);
});
await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
const address = server.address();
if (address === null || typeof address === 'string') throw new Error('no port');
const dir = await mkdtemp(join(tmpdir(), 'oncall-bench-phases-'));
const config = join(dir, 'config.yaml');
await writeFile(config, `current-context: bench\ncontexts:\n  - name: bench\n    alertmanagers:\n      - name: am\n        url: http://127.0.0.1:${address.port}\n`);
const env: NodeJS.ProcessEnv = {PATH: process.env.PATH, HOME: dir, XDG_CONFIG_HOME: dir, XDG_STATE_HOME: dir, LANG: 'C.UTF-8'};

/** One run of `argv`, its output drained from a pipe; ms from the spawn to its first output byte and to its exit. */
function run(argv: string[]): Promise<{firstOut: number; exit: number; bytes: number}> {
  return new Promise((resolve, reject) => {
    started = performance.now();
    const child = spawn(argv[0]!, argv.slice(1), {env, stdio: ['ignore', 'pipe', 'inherit']});
    let firstOut = Number.NaN;
    let bytes = 0;
    child.stdout.on('data', (d: Buffer) => {
      if (bytes === 0) firstOut = performance.now() - started;
      bytes += d.length;
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve({firstOut, exit: performance.now() - started, bytes}) : reject(new Error(`${argv.join(' ')} exited ${code}`))));
  });
}

const phases = {request: [] as number[], server: [] as number[], decode: [] as number[], write: [] as number[], total: [] as number[], node: [] as number[]};
try {
  const cli = [NODE, BUNDLE, 'alerts', '--json', '--config', config];
  // Warm-up: the compile cache (in the scratch HOME) and the page cache.
  await run(cli);
  for (let i = 0; i < runs; i++) {
    delete marks.request;
    delete marks.sent;
    const r = await run(cli);
    if (marks.request === undefined || marks.sent === undefined) throw new Error('the alerts were never asked for');
    phases.request.push(marks.request);
    phases.server.push(marks.sent - marks.request);
    phases.decode.push(r.firstOut - marks.sent);
    phases.write.push(r.exit - r.firstOut);
    phases.total.push(r.exit);
    phases.node.push((await run([NODE, '-e', '0'])).exit);
    console.error(`run ${i + 1}/${runs}: request at ${round(marks.request)} ms, last byte → output ${round(r.firstOut - marks.sent)} ms, writing ${round(r.exit - r.firstOut)} ms, exit ${round(r.exit)} ms (${r.bytes} bytes)`);
  }
} finally {
  server.close();
  await rm(dir, {recursive: true, force: true});
}
const m = (xs: number[]) => `${round(median(xs))} ms`;
console.log(`oncall alerts --json, ${SHAPE.groups * SHAPE.perGroup} alerts (${round(body.length / 1e6)} MB), a stand-in answering after ${delayMs} ms, medians of ${runs}:`);
console.log(`  start-up until the request:        ${m(phases.request)}   (node -e 0: ${m(phases.node)})`);
console.log(`  request → last byte sent (server): ${m(phases.server)}`);
console.log(`  last byte → first output (decode): ${m(phases.decode)}`);
console.log(`  first output → exit (writing):     ${m(phases.write)}`);
console.log(`  whole:                             ${m(phases.total)}`);
