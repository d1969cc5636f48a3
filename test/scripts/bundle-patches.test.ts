import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import fc from 'fast-check';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
// @ts-expect-error -- plain ESM script without type declarations
import {applyPatch, bundlePatches, PATCHES, RECENT_BOUNDS} from '../../scripts/bundle-patches.mjs';

const LOG_UPDATE = join(import.meta.dirname, '../../node_modules/ink/build/log-update.js');
const YOGA_WASM = join(import.meta.dirname, '../../node_modules/yoga-layout/dist/binaries/yoga-wasm-base64-esm.js');
const inkSource = readFileSync(LOG_UPDATE, 'utf8');
/** The patch named `name`. */
const patchNamed = (name: string): unknown => {
  const found = (PATCHES as Array<{name: string}>).find((p) => p.name === name);
  if (!found) throw new Error(`no bundle patch named ${name}`);
  return found;
};
const INK = patchNamed('ink-incremental-skip');
const YOGA = patchNamed('yoga-wasm-without-fetch');
const patchLogUpdate = (source: string): string => applyPatch(INK, source);

interface Render {
  (text: string): boolean;
}
type Create = (stream: unknown, options: {incremental: boolean}) => Render;

const dir = mkdtempSync(join(tmpdir(), 'oncall-ink-patch-'));
let original: Create;
let patched: Create;

/** Bundles `entry` alone (with or without `patch`), writes it to the temp folder and imports it. */
async function bundleAndImport<T>(entry: string, name: string, patch: unknown | null): Promise<T> {
  const patches = patch === null ? null : bundlePatches([patch]);
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    plugins: patches ? [patches.plugin] : [],
    logLevel: 'silent',
  });
  if (patches) expect(patches.missing()).toEqual([]);
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, result.outputFiles[0]!.text);
  return (await import(pathToFileURL(file).href)) as T;
}

/** Ink's log-update.js alone, with or without the patch. */
async function load(name: string, withPatch: boolean): Promise<Create> {
  const mod = await bundleAndImport<{default: {create: Create}}>(LOG_UPDATE, name, withPatch ? INK : null);
  return mod.default.create;
}

/** Renders `frames` in order to a fake 40-column stream; returns what each render wrote. */
function writes(create: Create, frames: string[]): string[] {
  let out = '';
  const render = create({columns: 40, isTTY: false, write: (s: string) => (out += s)}, {incremental: true});
  return frames.map((frame) => {
    out = '';
    render(frame);
    return out;
  });
}

/** Ink's own output with every run of `CSI E` written as one move, as the patch should. */
function collapsed(text: string): string {
  return text.replace(/(?:\x1b\[E)+/g, (run) => (run.length === 3 ? run : `\x1b[${run.length / 3}E`));
}

const lines = (...xs: string[]) => xs.join('\n');

beforeAll(async () => {
  original = await load('original', false);
  patched = await load('patched', true);
});
afterAll(() => rmSync(dir, {recursive: true, force: true}));

describe('bundle patch: Ink skips unchanged lines with one move', () => {
  it('applies to the installed Ink, once', () => {
    const out: string = patchLogUpdate(inkSource);
    expect(out.match(/__oncallFlushSkipped\(\)/g)).toHaveLength(2);
    expect(out).not.toContain('buffer.push(ansiEscapes.cursorNextLine)');
  });

  it('moves over unchanged lines once: a header change on a 6-line screen', () => {
    const [, second] = writes(patched, [lines('clock 1', 'a', 'b', 'c', 'd', 'e'), lines('clock 2', 'a', 'b', 'c', 'd', 'e')]);
    // Up 5 to the top, rewrite from column 6, then one move over a..d (e is the last line, no newline).
    expect(second).toBe('\x1b[5A\x1b[7G\x1b[K2\n\x1b[4E');
  });

  it('writes what Ink writes, with runs of CSI E collapsed, for growing, shrinking and sparse changes', () => {
    const frames = [
      lines('h', 'a', 'b', 'c', 'd', 'e', 'f'),
      lines('h', 'a', 'B', 'c', 'd', 'E', 'f'),
      lines('h2', 'a', 'B', 'c', 'd', 'E', 'f'),
      lines('h2', 'a', 'B'),
      lines('h2', 'a', 'B', 'c', 'd', 'e', 'f', 'g') + '\n',
      lines('h3', 'a', 'B', 'c', 'd', 'e', 'f', 'g') + '\n',
      lines('h3', 'a', 'B', 'c', 'd', 'e', 'f', 'G') + '\n',
    ];
    const want = writes(original, frames).map(collapsed);
    expect(writes(patched, frames)).toEqual(want);
    // The frames really exercised runs of more than one line.
    expect(want.join('')).toContain('\x1b[5E');
    expect(want.join('')).toContain('\x1b[7E');
  });

  it('fails loudly when Ink no longer has the code it hooks into', () => {
    expect(() => patchLogUpdate(inkSource.replace('buffer.push(ansiEscapes.cursorNextLine);', 'buffer.push(ansiEscapes.cursorDown());'))).toThrow(
      /ink-incremental-skip: expected exactly one "buffer.push\(ansiEscapes.cursorNextLine\);", found 0. The dependency changed/,
    );
    const twice = inkSource.replace('const nextLine = nextLines[i];', '{ const nextLine = nextLines[i]; } const nextLine = nextLines[i];');
    expect(() => patchLogUpdate(twice)).toThrow(/found 2/);
  });

  it('tolerates a reformatted Ink', () => {
    const reformatted = inkSource.replace('for (let i = 0; i < visibleCount; i++) {', 'for (let i = 0;\n  i < visibleCount;\n  i++) {');
    expect(() => patchLogUpdate(reformatted)).not.toThrow();
  });
});

describe('bundle patch: Yoga loads its wasm without fetch', () => {
  it('applies to the installed Yoga and leaves no path to fetch', () => {
    const source = readFileSync(YOGA_WASM, 'utf8');
    expect(source).toContain('"function"!=typeof fetch');
    const out: string = applyPatch(YOGA, source);
    expect(out).not.toContain('typeof fetch');
    expect(out.match(/return w\|\|true\?/g)).toHaveLength(1);
  });

  it('lays out a node with a global fetch present, never calling it', async () => {
    const calls: unknown[] = [];
    const saved = globalThis.fetch;
    globalThis.fetch = ((...args: unknown[]) => {
      calls.push(args);
      return Promise.reject(new Error('no fetch'));
    }) as typeof fetch;
    try {
      const entry = join(import.meta.dirname, '../../node_modules/yoga-layout/dist/src/index.js');
      const {default: Yoga} = await bundleAndImport<{default: {Node: {create(): YogaNode}}}>(entry, 'yoga', YOGA);
      const node = Yoga.Node.create();
      node.setWidth(40);
      node.setHeight(3);
      node.calculateLayout(undefined, undefined);
      expect([node.getComputedWidth(), node.getComputedHeight()]).toEqual([40, 3]);
      expect(calls).toEqual([]);
    } finally {
      globalThis.fetch = saved;
    }
  });

  it('fails loudly when Yoga no longer has the code it hooks into', () => {
    expect(() => applyPatch(YOGA, 'function ya(){return w?Promise.resolve():0}')).toThrow(/yoga-wasm-without-fetch: expected exactly one .*found 0/);
  });
});

interface YogaNode {
  setWidth(n: number): void;
  setHeight(n: number): void;
  calculateLayout(w: undefined, h: undefined): void;
  getComputedWidth(): number;
  getComputedHeight(): number;
}

describe('bundle patches: Ink caches what it derives from strings across frames', () => {
  const OUTPUT = join(import.meta.dirname, '../../node_modules/ink/build/output.js');
  const INK_ENTRY = join(import.meta.dirname, '../../node_modules/ink/build/index.js');
  const inkPatches = ['ink-output-shared-caches', 'ink-cached-widest-line', 'ink-cached-sanitize'].map(patchNamed);
  // Inside node_modules, so the bundles' bare imports (react) resolve to the test's own copy.
  const local = mkdtempSync(join(import.meta.dirname, '../../node_modules/.oncall-bundle-patches-'));
  afterAll(() => rmSync(local, {recursive: true, force: true}));

  async function bundleInk(name: string, patches: unknown[]): Promise<typeof import('ink')> {
    const plugin = bundlePatches(patches);
    const result = await build({entryPoints: [INK_ENTRY], bundle: true, platform: 'node', format: 'esm', write: false, external: ['react', 'react-reconciler'], alias: {'react-devtools-core': join(import.meta.dirname, '../../scripts/stubs/react-devtools-core.mjs')}, banner: {js: "import {createRequire} from 'node:module'; const require = createRequire(import.meta.url);"}, plugins: [plugin.plugin], logLevel: 'silent'});
    expect(plugin.missing()).toEqual([]);
    const file = join(local, `${name}.mjs`);
    writeFileSync(file, result.outputFiles[0]!.text);
    return (await import(pathToFileURL(file).href)) as typeof import('ink');
  }

  it('applies each to the installed Ink, once', () => {
    for (const [patch, file] of [[inkPatches[0], 'output.js'], [inkPatches[1], 'render-node-to-output.js'], [inkPatches[2], 'squash-text-nodes.js']] as const) {
      const source = readFileSync(join(import.meta.dirname, '../../node_modules/ink/build', file), 'utf8');
      const out: string = applyPatch(patch, source);
      expect(out.match(/__oncall\w+\(/g)?.length).toBeGreaterThanOrEqual(1);
    }
    const output: string = applyPatch(inkPatches[0], readFileSync(OUTPUT, 'utf8'));
    expect(output).not.toContain('caches = new OutputCaches()');
  });

  it('shares one cache between frames that keeps the lines drawn lately, bounded', async () => {
    const plugin = bundlePatches([inkPatches[0]]);
    const result = await build({entryPoints: [OUTPUT], bundle: true, platform: 'node', format: 'esm', write: false, plugins: [plugin.plugin], logLevel: 'silent'});
    const file = join(local, 'output.mjs');
    writeFileSync(file, result.outputFiles[0]!.text);
    type Out = {caches: {styledChars: Map<string, unknown>}; write(x: number, y: number, t: string, o: {transformers: unknown[]}): void; get(): {output: string}};
    const {default: Output} = (await import(pathToFileURL(file).href)) as {default: new (o: {width: number; height: number}) => Out};
    const frame = (text: string) => {
      const out = new Output({width: 8, height: 1});
      out.write(0, 0, text, {transformers: []});
      // Lines are tokenised when the frame is composed.
      return {caches: out.caches, output: out.get().output};
    };
    const first = frame('a 漢字');
    expect(first.output).toBe('a 漢字');
    const second = new Output({width: 8, height: 1});
    expect(second.caches).toBe(first.caches);
    const lines = second.caches.styledChars;
    expect(lines.has('a 漢字')).toBe(true);
    // Bounded in characters: lines of 8 here.
    const bound = (RECENT_BOUNDS.styledChars as number) / 8;
    // A line drawn in every frame stays while ever-new lines come and go: 10 generations of them.
    for (let i = 0; i < bound * 10; i++) {
      frame(`new ${String(i).padStart(4, '0')}`);
      if (i % 50 === 0) expect(frame('a 漢字').output).toBe('a 漢字');
      expect(lines.size).toBeLessThanOrEqual(2 * bound + 1);
    }
    expect(lines.has('a 漢字')).toBe(true);
    expect(lines.has('new 0000')).toBe(false);
    expect(lines.has(`new ${bound * 10 - 1}`)).toBe(true);
    expect(new Output({width: 8, height: 1}).caches).toBe(first.caches);
  });

  type Writes = Array<{x: number; y: number; text: string}>;
  type Out = {caches: {rowStats: {built: number; reused: number}}; write(x: number, y: number, t: string, o: {transformers: unknown[]}): void; clip(c: object): void; unclip(): void; get(): {output: string}};
  type OutputClass = new (o: {width: number; height: number}) => Out;
  /** Ink's output.js alone, bundled with `patches`. */
  async function bundleOutput(name: string, patches: unknown[]): Promise<OutputClass> {
    const plugin = bundlePatches(patches);
    const result = await build({entryPoints: [OUTPUT], bundle: true, platform: 'node', format: 'esm', write: false, plugins: patches.length > 0 ? [plugin.plugin] : [], logLevel: 'silent'});
    const file = join(local, `${name}.mjs`);
    writeFileSync(file, result.outputFiles[0]!.text);
    return ((await import(pathToFileURL(file).href)) as {default: OutputClass}).default;
  }
  /** One frame: `writes` inside a clip of the left `clipX` columns, composed. */
  const compose = (Output: OutputClass, size: {width: number; height: number}, writes: Writes, clipX: number) => {
    const out = new Output(size);
    out.clip({x1: 0, x2: clipX, y1: 0, y2: size.height});
    for (const w of writes) out.write(w.x, w.y, w.text, {transformers: []});
    out.unclip();
    return out;
  };

  it('turns into text again only the rows whose cells changed since the frame before', async () => {
    const Output = await bundleOutput('output-rows', [inkPatches[0]]);
    const size = {width: 20, height: 6};
    const rows: Writes = [0, 1, 2, 3].map((y) => ({x: 1, y, text: `\u001B[31mrow ${y}\u001B[39m 漢`}));
    const first = compose(Output, size, rows, 20);
    const drawn = first.get().output;
    const stats = first.caches.rowStats;
    const before = {...stats};
    // The same writes (a clock tick that changed nothing on screen): every row as it was.
    expect(compose(Output, size, rows, 20).get().output).toBe(drawn);
    expect(stats.reused - before.reused).toBe(size.height);
    expect(stats.built - before.built).toBe(0);
    // One row's text changes: that row alone is composed again.
    const next = {...stats};
    const changed = compose(Output, size, rows.map((r) => (r.y === 2 ? {...r, text: 'row 2 now'} : r)), 20).get().output;
    expect(changed.split('\n')[2]).toBe(' row 2 now');
    expect(stats.built - next.built).toBe(1);
    expect(stats.reused - next.reused).toBe(size.height - 1);
  });

  it('composes every sequence of frames exactly as the unpatched Output does', async () => {
    const [Plain, Patched] = [await bundleOutput('output-plain', []), await bundleOutput('output-patched', [inkPatches[0]])];
    const size = {width: 12, height: 4};
    const text = fc.array(fc.constantFrom('a', 'b', ' ', '漢', '🚨', 'e\u0301', '\u001B[31m', '\u001B[1m', '\u001B[39m', '\u001B[22m', '\n'), {maxLength: 10}).map((parts) => parts.join(''));
    const write = fc.record({x: fc.integer({min: -2, max: 13}), y: fc.integer({min: -1, max: 4}), text});
    // Frames that repeat some writes of the frame before, as a clock tick or a key press does.
    const frame = fc.record({writes: fc.array(write, {maxLength: 6}), keep: fc.integer({min: 0, max: 6}), clipX: fc.integer({min: 0, max: 12})});
    fc.assert(
      fc.property(fc.array(frame, {minLength: 1, maxLength: 6}), (frames) => {
        let previous: Writes = [];
        for (const f of frames) {
          const writes = [...previous.slice(0, f.keep), ...f.writes];
          expect(compose(Patched, size, writes, f.clipX).get().output).toBe(compose(Plain, size, writes, f.clipX).get().output);
          previous = writes;
        }
      }),
      {numRuns: 300},
    );
  });

  it('draws every frame exactly as the unpatched Ink does, when strings repeat and when they change', async () => {
    const [plain, patched] = [await bundleInk('ink-plain', []), await bundleInk('ink-patched', inkPatches)];
    const {createElement: h} = await import('react');
    /** Renders `frames` in debug mode (every frame written whole) and returns what each wrote. */
    const draw = async (ink: typeof import('ink'), frames: Array<{rows: string[]; selected: number}>) => {
      const writes: string[] = [];
      const stdout = Object.assign(new (await import('node:events')).EventEmitter(), {columns: 30, rows: 8, isTTY: true, write: (s: string) => (writes.push(s), true)});
      const view = (f: {rows: string[]; selected: number}) =>
        h(ink.Box, {flexDirection: 'column', width: 30, height: 6, borderStyle: 'single', overflow: 'hidden'},
          ...f.rows.map((r, i) => h(ink.Text, {key: r, wrap: 'truncate', inverse: i === f.selected}, h(ink.Text, {color: 'red'}, i === f.selected ? '› ' : '  '), h(ink.Text, {color: i % 2 ? 'green' : undefined, bold: true}, r), ' tail')));
      const app = ink.render(view(frames[0]!), {stdout: stdout as unknown as NodeJS.WriteStream, debug: true, patchConsole: false, exitOnCtrlC: false});
      for (const f of frames.slice(1)) app.rerender(view(f));
      app.unmount();
      return writes;
    };
    const rows = ['checkout 5xx 漢字', 'api latency 🚨 p99', 'a very long alert name that will not fit in the pane', 'e\u0301tat café', 'plain'];
    const frames = [
      {rows, selected: 0},
      {rows, selected: 1},
      {rows: rows.slice(1), selected: 0},
      {rows, selected: 0},
      {rows: [...rows].reverse(), selected: 4},
    ];
    const want = await draw(plain, frames);
    expect(want.join('')).toContain('漢字');
    expect(await draw(patched, frames)).toEqual(want);
  });
});

describe('bundle patch: Ink lays out and draws only after a commit that changed its tree', () => {
  const INK_ENTRY = join(import.meta.dirname, '../../node_modules/ink/build/index.js');
  const RECONCILER = join(import.meta.dirname, '../../node_modules/ink/build/reconciler.js');
  const SKIP = patchNamed('ink-skip-unchanged-commit');
  // Inside node_modules, so the bundles' bare imports (react) resolve to the test's own copy.
  const local = mkdtempSync(join(import.meta.dirname, '../../node_modules/.oncall-bundle-patches-'));
  afterAll(() => rmSync(local, {recursive: true, force: true}));

  async function bundleInk(name: string, patches: unknown[]): Promise<typeof import('ink')> {
    const plugin = bundlePatches(patches);
    const result = await build({entryPoints: [INK_ENTRY], bundle: true, platform: 'node', format: 'esm', write: false, external: ['react', 'react-reconciler'], alias: {'react-devtools-core': join(import.meta.dirname, '../../scripts/stubs/react-devtools-core.mjs')}, banner: {js: "import {createRequire} from 'node:module'; const require = createRequire(import.meta.url);"}, plugins: [plugin.plugin], logLevel: 'silent'});
    expect(plugin.missing()).toEqual([]);
    const file = join(local, `${name}.mjs`);
    writeFileSync(file, result.outputFiles[0]!.text);
    return (await import(pathToFileURL(file).href)) as typeof import('ink');
  }

  it('applies to the installed Ink, once', () => {
    const out: string = applyPatch(SKIP, readFileSync(RECONCILER, 'utf8'));
    expect(out).toContain('if (!__oncallHostChanged) return;');
    expect(out.match(/__oncallHostChanged = true/g)?.length).toBeGreaterThanOrEqual(8);
  });

  /**
   * A screen and, beside it, components drawing nothing whose state changes (as the dashboard's
   * context feeds do on every answer): how many frames Ink composed for `feedUpdates` of theirs,
   * then for a change of the text on screen, and what was drawn last.
   */
  async function frames(ink: typeof import('ink'), feedUpdates: number): Promise<{forFeeds: number; forText: number; last: string}> {
    const React = await import('react');
    const h = React.createElement;
    const writes: string[] = [];
    const stdout = Object.assign(new (await import('node:events')).EventEmitter(), {columns: 30, rows: 8, isTTY: true, write: (s: string) => (writes.push(s), true)});
    const setters: Array<(n: number) => void> = [];
    let setLabel: (s: string) => void = () => {};
    // Like a context feed: it publishes its state from a layout effect after each render.
    const published: number[] = [];
    function Feed() {
      const [n, setN] = React.useState(0);
      setters.push(setN);
      React.useLayoutEffect(() => void published.push(n));
      return n < 0 ? h(ink.Text, null, 'never') : null;
    }
    function Screen() {
      const [label, set] = React.useState('first');
      setLabel = set;
      return h(ink.Box, {flexDirection: 'column'}, h(ink.Text, null, label), h(Feed), h(Feed));
    }
    let composed = 0;
    const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
    const app = ink.render(h(Screen), {stdout: stdout as unknown as NodeJS.WriteStream, debug: true, patchConsole: false, exitOnCtrlC: false, onRender: () => void composed++});
    await tick();
    const start = composed;
    for (let i = 1; i <= feedUpdates; i++) {
      setters[i % 2]!(i);
      await tick();
    }
    const forFeeds = composed - start;
    // Every update was rendered and committed.
    expect(published.length).toBe(2 + feedUpdates);
    setLabel('second');
    await tick();
    const forText = composed - start - forFeeds;
    const last = writes.at(-1) ?? '';
    app.unmount();
    return {forFeeds, forText, last};
  }

  it('composes no frame for commits that changed nothing drawn, and one for a change on screen', async () => {
    const [plain, patched] = [await bundleInk('ink-commit-plain', []), await bundleInk('ink-commit-patched', [SKIP])];
    // Unpatched, each of the feeds' commits laid out and composed a whole frame.
    const before = await frames(plain, 12);
    expect(before.forFeeds).toBe(12);
    const after = await frames(patched, 12);
    expect(after.forFeeds).toBe(0);
    expect(after.forText).toBe(1);
    expect(after.last).toContain('second');
    expect(after.last).toBe(before.last);
  });
});

describe('bundle patch: undici loads node:http2 only to connect over it', () => {
  const CLIENT_H2 = join(import.meta.dirname, '../../node_modules/undici/lib/dispatcher/client-h2.js');
  const UNDICI = patchNamed('undici-http2-on-demand');

  it('applies to the installed undici, once, with the constants Node has', async () => {
    const source = readFileSync(CLIENT_H2, 'utf8');
    const out: string = applyPatch(UNDICI, source);
    expect(out).not.toMatch(/http2 = require\('node:http2'\)/);
    const constants = JSON.parse(/let http2 = \{constants: (\{.*?\}), connect:/.exec(out)![1]!) as Record<string, unknown>;
    const {constants: real} = await import('node:http2');
    expect(constants).toEqual({...real});
    // Every constant the module reads is among them.
    const read = /const \{\s*constants: \{([^}]*)\}\s*\} = http2/.exec(out)![1]!.split(',').map((n) => n.trim()).filter(Boolean);
    expect(read.length).toBeGreaterThan(5);
    for (const name of read) expect(constants[name], name).toBeDefined();
  });

  it('fails loudly when undici no longer has the code it hooks into', () => {
    expect(() => applyPatch(UNDICI, "const http2 = require('node:http2')")).toThrow(/undici-http2-on-demand: expected exactly one .*found 0/);
  });

  it('the built CLI loads undici without node:http2 or node:tls (an http backend needs neither)', () => {
    const bundle = join(import.meta.dirname, '../../dist/oncall.mjs');
    const home = mkdtempSync(join(tmpdir(), 'oncall-h2-'));
    try {
      const config = join(home, 'config.yaml');
      writeFileSync(config, 'current-context: t\ncontexts:\n  - name: t\n    prometheus:\n      url: http://127.0.0.1:9\n    alertmanagers:\n      - name: am\n        url: http://127.0.0.1:9\n');
      const probe = join(home, 'modules.cjs');
      writeFileSync(probe, "process.on('exit', () => require('node:fs').writeFileSync(process.env.MODULES_OUT, process.moduleLoadList.join('\\n')));\n");
      const out = join(home, 'modules.txt');
      // `status` reads a config, opens its context (undici's agents) and asks: every module of a real run.
      spawnSync(process.execPath, ['--require', probe, bundle, 'status', '--json', '--config', config], {env: {PATH: process.env.PATH, HOME: home, MODULES_OUT: out}, encoding: 'utf8'});
      const loaded = readFileSync(out, 'utf8').split('\n');
      expect(loaded.some((m) => m.includes('undici') || m === 'NativeModule net')).toBe(true);
      expect(loaded).not.toContain('NativeModule http2');
      expect(loaded).not.toContain('NativeModule tls');
    } finally {
      rmSync(home, {recursive: true, force: true});
    }
  });
});

describe('bundle patch: string-width measures texts of lone code units without segmenting them', () => {
  const WIDTH = patchNamed('string-width-lone-units');
  // The copy Ink and its helpers use (8.x) and the one the dashboard's own cells use (9.x).
  const COPIES = {ink: join(import.meta.dirname, '../../node_modules/ink/node_modules/string-width/index.js'), own: join(import.meta.dirname, '../../node_modules/string-width/index.js')};
  type Width = (text: string, options?: {ambiguousIsNarrow?: boolean; countAnsiEscapeCodes?: boolean}) => number;
  const loaded: Record<string, {original: Width; patched: Width}> = {};
  // What tables, headers and sparklines draw, and what must take the original path: marks,
  // joiners, selectors, CJK, Hangul, emoji, controls, bidi marks, other escapes.
  const LONE = ['✔', '✘', '…', '▁', '▃', '█', '│', '─', '●', '→', '↑', '⚠', '✅', '⌚', '‰', '•', 'é', 'ß', 'ˆ', '¬', '\u00ad', '⠿', '★'];
  const OTHERS = ['\u0301', '\u200d', '\ufe0f', '\ufe0e', '\u20e3', '中', '한', '\u1100', '😀', '\ud83d', '\u2028', '\u202e', '\t', '\n', '\u009b', '\u0600', '\u0e33', '\u200b', '\u3000'];
  const ESCAPES = ['\x1b[31m', '\x1b[0m', '\x1b[38;2;1;2;3m', '\x1b[m', '\x1b[1;4m', '\x1b]8;;https://x\x07', '\x1b[2K', '\x1b'];
  const piece = fc.oneof(fc.constantFrom(...LONE), fc.constantFrom(...OTHERS), fc.constantFrom(...ESCAPES), fc.string({maxLength: 4}), fc.constantFrom('a', '1', ' ', '#', '*'));

  beforeAll(async () => {
    for (const [name, file] of Object.entries(COPIES)) {
      loaded[name] = {
        original: (await bundleAndImport<{default: Width}>(file, `width-${name}-original`, null)).default,
        patched: (await bundleAndImport<{default: Width}>(file, `width-${name}-patched`, WIDTH)).default,
      };
    }
  });

  it('applies to both installed versions, once', () => {
    for (const file of Object.values(COPIES)) expect(applyPatch(WIDTH, readFileSync(file, 'utf8'))).toContain('__oncallFastWidth(input, options)');
  });

  it('gives every text the width the unpatched copy gives it', () => {
    for (const {original, patched} of Object.values(loaded)) {
      fc.assert(
        fc.property(fc.array(piece, {maxLength: 12}), fc.constantFrom(undefined, {}, {ambiguousIsNarrow: false}, {countAnsiEscapeCodes: true}), (parts, options) => {
          const text = parts.join('');
          expect(patched(text, options)).toBe(original(text, options));
        }),
        {numRuns: 3000},
      );
    }
  });

  it('measures every lone code unit, alone, doubled and beside a mark or selector, as the unpatched copy does', () => {
    const ranges = [[0xa0, 0x2ff], [0x2010, 0x2027], [0x2030, 0x205e], [0x2190, 0x23ff], [0x2500, 0x27bf], [0x2800, 0x28ff]];
    for (const {original, patched} of Object.values(loaded)) {
      for (const [from, to] of ranges) {
        for (let c = from!; c <= to!; c++) {
          const u = String.fromCharCode(c);
          for (const text of [u, `a${u}${u}b`, `${u}\ufe0f`, `${u}\u0301x`, `\x1b[1m${u}\x1b[0m`]) expect(patched(text), `U+${c.toString(16)} in ${JSON.stringify(text)}`).toBe(original(text));
        }
      }
    }
  });

  it('fails loudly when string-width no longer has the code it hooks into', () => {
    expect(() => applyPatch(WIDTH, 'export default function stringWidth(string) {}')).toThrow(/string-width-lone-units: expected exactly one .*found 0/);
  });
});

describe('bundle patch: restore-cursor writes only to a terminal', () => {
  const RESTORE = patchNamed('restore-cursor-on-a-terminal');
  const source = readFileSync(join(import.meta.dirname, '../../node_modules/restore-cursor/index.js'), 'utf8');

  it('applies to the installed restore-cursor, once, and writes to stderr only when it is a terminal', () => {
    const out: string = applyPatch(RESTORE, source);
    expect(out).not.toContain("process.stderr.write('\\u001B[?25h')");
    expect(out.match(/__oncallCursorTty\?\.write\('\\u001B\[\?25h'\)/g)).toHaveLength(1);
  });

  it('fails loudly when restore-cursor no longer has the code it hooks into', () => {
    expect(() => applyPatch(RESTORE, source.replace("process.stderr.write('\\u001B[?25h');", 'process.stderr.write(SHOW);'))).toThrow(/restore-cursor-on-a-terminal/);
  });
});
