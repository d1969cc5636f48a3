import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {build} from 'esbuild';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
// @ts-expect-error -- plain ESM script without type declarations
import {applyPatch, bundlePatches, PATCHES} from '../../scripts/bundle-patches.mjs';

const LOG_UPDATE = join(import.meta.dirname, '../../node_modules/ink/build/log-update.js');
const YOGA_WASM = join(import.meta.dirname, '../../node_modules/yoga-layout/dist/binaries/yoga-wasm-base64-esm.js');
const inkSource = readFileSync(LOG_UPDATE, 'utf8');
const [INK, YOGA] = PATCHES as [unknown, unknown];
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
