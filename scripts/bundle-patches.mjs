/**
 * Bundle-time fixes to dependencies, applied by esbuild as it reads their files. Each patch
 * hooks into exact pieces of the dependency's source; a piece that is missing, found twice or out
 * of order fails the build, and so does a patched file the bundle never read: a dependency
 * upgrade cannot silently drop (or misapply) a fix. Re-check the patch against the new source.
 *
 * - Ink's incremental renderer (`ink/build/log-update.js`) walks over each unchanged line with
 *   its own `CSI E` (cursor to the start of the next line): 3 bytes per line on every frame, so a
 *   clock tick changing one line of a 48-line screen cost 138 bytes of cursor moves. The patch
 *   counts a run of unchanged lines and emits ONE `CSI n E` for it. It ends at the same place:
 *   both stop at the bottom margin, neither scrolls.
 * - Ink's screen composer (`ink/build/output.js`) caches the tokenised text and the widths of each
 *   string it draws, but in a fresh cache per frame: every frame tokenised every line again, the
 *   largest single cost of a keypress on a full 160x48 screen. The patch keeps one cache across
 *   frames (it maps strings to derived values, so it can never be stale) that holds what was drawn
 *   lately: two generations of a bounded size, an entry used again moving to the newer one, so
 *   a long-running dashboard drawing ever-new strings keeps the last frames' lines (at most
 *   24,000 characters), not 2,000 lines of an object per character (~30 MB when full, which it
 *   filled over minutes of churning alerts). It also composes each frame from one shared blank
 *   cell and turns into text only the screen rows whose cells changed since the frame before:
 *   a clock tick or a key press changes a few rows of 48, and the grid of 7,680 fresh cell
 *   objects per frame was the largest source of garbage of an idle dashboard.
 * - Ink's node renderer (`ink/build/render-node-to-output.js`) measures the widest line of every
 *   text on every frame; the patch memoises it the same way.
 * - Ink's text squashing (`ink/build/squash-text-nodes.js`) strips unsafe escape sequences from
 *   every text on every frame, tokenising it; the patch memoises that pure function too.
 * - Ink's reconciler (`ink/build/reconciler.js`) lays out the whole tree and schedules a frame
 *   (composing the full screen, throttled to `maxFps`) after EVERY React commit, also one that
 *   changed nothing Ink draws: each of twenty contexts' feeds (components that render nothing)
 *   commits on every answer it gets, so a 20-context start composed a full screen at the frame
 *   rate the whole time, most of them the same frame. The patch notes whether a commit touched
 *   Ink's tree (a node added, moved, removed, hidden, shown, its props or text changed) and skips
 *   the layout and the frame of a commit that did not: what Ink would draw is the same.
 * - string-width (every copy Ink and its helpers bundle, and the one the dashboard's own cells
 *   use) measures any text with a character outside printable ASCII by splitting it into
 *   grapheme clusters with \`Intl.Segmenter\` and testing each against Unicode property regexes:
 *   ~30-55 µs for one table row with a ✔, a … or a sparkline, 300-500 times its ASCII fast path.
 *   Nearly every row and header the dashboard draws has one, and every frame measures the texts
 *   it has not measured before. The patch adds a second fast path: a text made only of code units
 *   that always stand alone as a grapheme cluster (printable ASCII, Latin-1 and Latin Extended,
 *   general punctuation, arrows, technical symbols, box drawing, blocks, shapes, dingbats,
 *   braille: none is a mark, joiner, selector, prepend, Hangul jamo, surrogate or control that
 *   could join its neighbour), with SGR colour sequences only, is as wide as the sum of its code
 *   units' widths, each measured once by that copy's own function and kept in a 64 KiB table.
 *   Anything else (a combining mark, an emoji with a selector, CJK, other escapes, non-default
 *   options) takes the original path: each copy keeps its own version's answers.
 * - undici's HTTP/2 client (`undici/lib/dispatcher/client-h2.js`) requires `node:http2` when it
 *   loads, for ten header-name constants, and `node:http2` loads `node:tls`: ~12 ms of every
 *   configured start and one-shot command on a 2-core machine, for a protocol oncall never asks
 *   for (its agents do not set `allowH2`). The patch gives the module the constants of the Node
 *   that builds the bundle (header names and error codes fixed by the HTTP/2 protocol, the same
 *   in every Node) and requires `node:http2` only to connect over it.
 * - restore-cursor (`restore-cursor/index.js`, which Ink's renderer arms when it hides the cursor)
 *   shows the cursor again at exit by writing `ESC[?25h` to stderr, whatever stderr is: a clean
 *   `q` of `oncall 2>>errors.log` left the sequence in the error log. Ink shows the cursor on
 *   its own output as it leaves; this fallback (for an exit Ink did not see) now writes only to
 *   a terminal: stderr when it is one, else stdout when that is.
 * - Yoga's Emscripten loader (`yoga-layout/dist/binaries/yoga-wasm-base64-esm.js`) reads its
 *   inlined wasm (a `data:` URL) with `fetch` whenever a global `fetch` exists. In Node that loads
 *   Node's built-in HTTP stack (~50 ms on a 2-core machine) before the first frame, to decode
 *   base64. The patch takes the loader's own no-fetch path, which decodes it in place.
 */
import {readFile} from 'node:fs/promises';
import {constants as HTTP2_CONSTANTS} from 'node:http2';

// Declared before Ink's line loop: the pending run of unchanged lines and how to emit it.
const SKIP_COUNTER =
  "let __oncallSkipped = 0; const __oncallFlushSkipped = () => { if (__oncallSkipped > 0) buffer.push(__oncallSkipped === 1 ? ansiEscapes.cursorNextLine : '\\u001B[' + __oncallSkipped + 'E'); __oncallSkipped = 0; };\n";

// What the caches below are made of: a map that keeps what was used lately. Past `max` (entries,
// or the sum of `weigh(key)`) its newer generation becomes the older one and the older is
// dropped; an entry read from the older generation moves to the newer one. So it holds at most
// 2 x max, and never loses what the last frame drew while a frame uses less than `max`.
const RECENT_MAP =
  "class __OncallRecent { constructor(max, weigh) { this.max = max; this.weigh = weigh; this.weight = 0; this.fresh = new Map(); this.old = new Map(); } get size() { return this.fresh.size + this.old.size; } get(key) { let v = this.fresh.get(key); if (v === undefined) { v = this.old.get(key); if (v !== undefined) this.set(key, v); } return v; } has(key) { return this.get(key) !== undefined; } set(key, value) { const w = this.weigh === undefined ? 1 : this.weigh(key); if (this.weight + w > this.max && this.fresh.size > 0) { this.old = this.fresh; this.fresh = new Map(); this.weight = 0; } this.weight += w; this.fresh.set(key, value); return this; } }\n";

/**
 * Bounds of each generation. A tokenised line is an object per character (~120 bytes each, with
 * its style list), so that cache is bounded in characters: 12,000 hold the ~7,700 cells of a
 * 160x48 frame, and both generations at most ~3 MB. The others hold numbers and short strings.
 */
export const RECENT_BOUNDS = {styledChars: 12_000, textLines: 2000, widths: 4000, blockWidths: 2000, widest: 2000, sanitized: 2000};

// Ink's Output: one set of caches shared by all frames. A tokenised line is an object per
// character (~8 KB for a pane-wide row), so that map holds the lines of the last frames only.
// Then what each frame composes: one blank cell shared by every empty cell of the grid (Ink made
// a cell object and a style list for each of the 7,680 cells of a 160x48 screen, every frame),
// one trailing cell per wide character (made anew for each one drawn, every frame),
// and each screen row's text kept with the cells it was made from: a row whose cells are the
// same objects as in the frame before (cells come from the caches above and are never changed
// in place) is the same text, so only rows that changed are turned into text again. `rowStats`
// counts both, for tests.
const SHARED_OUTPUT_CACHES = `${RECENT_MAP}let __oncallOutputCaches; const __oncallSharedOutputCaches = () => (__oncallOutputCaches ??= new OutputCaches());
const __oncallBlankCell = {type: 'char', value: ' ', fullWidth: false, styles: []};
const __oncallTails = new WeakMap();
const __oncallWideTail = (character, outside) => { let pair = __oncallTails.get(character); if (pair === undefined) { pair = [{type: 'char', value: '', fullWidth: false, styles: character.styles}, {type: 'char', value: ' ', fullWidth: false, styles: character.styles}]; __oncallTails.set(character, pair); } return pair[outside ? 1 : 0]; };
const __oncallRows = [];
const __oncallRowText = (caches, line, y) => {
  const before = __oncallRows[y];
  if (before !== undefined && before.cells.length === line.length) {
    let same = true;
    for (let i = 0; i < line.length; i++) if (before.cells[i] !== line[i]) { same = false; break; }
    if (same) { caches.rowStats.reused++; return before.text; }
  }
  caches.rowStats.built++;
  const text = styledCharsToString(line.filter(item => item !== undefined)).trimEnd();
  __oncallRows[y] = {cells: line, text};
  return text;
};\n`;

// Ink's node renderer: widest line of a text, memoised the same way.
const CACHED_WIDEST_LINE = `${RECENT_MAP}const __oncallWidest = new __OncallRecent(${RECENT_BOUNDS.widest}); const __oncallWidestLine = (text) => { let w = __oncallWidest.get(text); if (w === undefined) { w = widestLine(text); __oncallWidest.set(text, w); } return w; };\n`;

// Ink's text squashing: the sanitised form of a text, memoised the same way.
const CACHED_SANITIZE = `${RECENT_MAP}const __oncallSanitized = new __OncallRecent(${RECENT_BOUNDS.sanitized}); const __oncallSanitizeAnsi = (text) => { let s = __oncallSanitized.get(text); if (s === undefined) { s = sanitizeAnsi(text); __oncallSanitized.set(text, s); } return s; };\n`;

// Ink's reconciler: whether the commit under way touched Ink's tree, and a mutation that says so.
// `appendInitialChild` builds a new subtree before it is attached, which `appendChild` or
// `insertBefore` then reports.
const HOST_CHANGED = 'let __oncallHostChanged = true; const __oncallChanging = (f) => (...args) => { __oncallHostChanged = true; return f(...args); };';

// string-width: the fast path for texts whose code units are each a grapheme cluster of its own
// (see the header). `__oncallLone` says whether a code unit is one; `__oncallUnitWidth` keeps each
// one's width (-1: not measured yet) as this copy's original function gives it.
const FAST_STRING_WIDTH = `const __oncallUnitWidth = new Int8Array(0x10000).fill(-1);
const __oncallLone = (c) => (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0x2ff) || (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205e) || (c >= 0x2190 && c <= 0x23ff) || (c >= 0x2500 && c <= 0x27bf) || (c >= 0x2800 && c <= 0x28ff);
const __oncallSgr = /\\u001B\\[[0-9;]*m/g;
function __oncallFastWidth(input, options) {
  if (typeof input !== 'string' || (options !== undefined && (options.ambiguousIsNarrow === false || options.countAnsiEscapeCodes === true))) return __oncallOriginalWidth(input, options);
  let text = input;
  if (text.includes('\\u001B')) text = text.replace(__oncallSgr, '');
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) { width++; continue; }
    if (!__oncallLone(c)) return __oncallOriginalWidth(input, options);
    let w = __oncallUnitWidth[c];
    if (w < 0) w = __oncallUnitWidth[c] = __oncallOriginalWidth(String.fromCharCode(c));
    width += w;
  }
  return width;
}
`;

/**
 * The patches: per file (`file`, minus any path `exclude` matches), its hooks in source order. `find` is matched token by token (whitespace
 * may differ) and must occur exactly once; `replace` gets the matched text.
 */
export const PATCHES = [
  {
    name: 'ink-incremental-skip',
    file: /[\\/]ink[\\/]build[\\/]log-update\.js$/,
    hooks: [
      // The loop over the new frame's lines: the counter goes right before it.
      {find: 'for (let i = 0; i < visibleCount; i++) {', replace: (m) => SKIP_COUNTER + m},
      // An unchanged line: count it instead of writing `CSI E`.
      {find: 'buffer.push(ansiEscapes.cursorNextLine);', replace: () => '__oncallSkipped++;'},
      // A changed line is about to be written: first move over the unchanged ones before it.
      {find: 'const nextLine = nextLines[i];', replace: (m) => `__oncallFlushSkipped(); ${m}`},
      // After the loop, before the cursor suffix: move over the unchanged lines at the bottom.
      {find: 'const cursorSuffix = buildCursorSuffix(nextLines.length - 1, activeCursor); buffer.push(cursorSuffix);', replace: (m) => `__oncallFlushSkipped(); ${m}`},
    ],
  },
  {
    name: 'ink-output-shared-caches',
    file: /[\\/]ink[\\/]build[\\/]output\.js$/,
    hooks: [
      // Its three maps keep what was drawn lately (generations of a bounded size).
      {find: 'widths = new Map();', replace: () => `widths = new __OncallRecent(${RECENT_BOUNDS.widths});`},
      {find: 'blockWidths = new Map();', replace: () => `blockWidths = new __OncallRecent(${RECENT_BOUNDS.blockWidths});`},
      {find: 'styledChars = new Map();', replace: () => `styledChars = new __OncallRecent(${RECENT_BOUNDS.styledChars}, (line) => line.length); textLines = new __OncallRecent(${RECENT_BOUNDS.textLines}); rowStats = {built: 0, reused: 0};`},
      // Right before the Output class: the shared caches.
      {find: 'export default class Output {', replace: (m) => SHARED_OUTPUT_CACHES + m},
      // Each frame's Output takes the shared caches instead of new ones.
      {find: 'caches = new OutputCaches();', replace: () => 'caches = __oncallSharedOutputCaches();'},
      // A written text's lines as strings: derived from the text alone, so memoised like the rest
      // (every frame split and re-joined each text's characters).
      {find: 'const characterLines = [[]];', replace: (m) => `let lines = this.caches.textLines.get(text); if (lines === undefined) { ${m}`},
      {find: 'let lines = characterLines.map(line => styledCharsToString(line));', replace: () => 'lines = characterLines.map(line => styledCharsToString(line)); this.caches.textLines.set(text, lines); }'},
      // A wide character's trailing cell: one per character object.
      {find: "currentLine[offsetX + offset] = { type: 'char', // Preserve visible cells when the leading cell is outside the output. value: offsetX < 0 ? ' ' : '', fullWidth: false, styles: character.styles, };", replace: () => 'currentLine[offsetX + offset] = __oncallWideTail(character, offsetX < 0);'},
      // The grid starts with the one shared blank cell.
      {find: "row.push({ type: 'char', value: ' ', fullWidth: false, styles: [], });", replace: () => 'row.push(__oncallBlankCell);'},
      // Each row's text: kept from the frame before when its cells are the same.
      {find: 'const generatedOutput = output .map(line => {', replace: () => 'const generatedOutput = output .map((line, __oncallY) => {'},
      {find: 'const lineWithoutEmptyItems = line.filter(item => item !== undefined); return styledCharsToString(lineWithoutEmptyItems).trimEnd();', replace: () => 'return __oncallRowText(this.caches, line, __oncallY);'},
    ],
  },
  {
    name: 'ink-cached-widest-line',
    file: /[\\/]ink[\\/]build[\\/]render-node-to-output\.js$/,
    hooks: [
      {find: 'const applyPaddingToText = (node, text) => {', replace: (m) => CACHED_WIDEST_LINE + m},
      {find: 'const currentWidth = widestLine(text);', replace: () => 'const currentWidth = __oncallWidestLine(text);'},
    ],
  },
  {
    name: 'ink-cached-sanitize',
    file: /[\\/]ink[\\/]build[\\/]squash-text-nodes\.js$/,
    hooks: [
      {find: 'const squashTextNodes = (node) => {', replace: (m) => CACHED_SANITIZE + m},
      {find: "text = sanitizeAnsi(text.replaceAll('\\r\\n', '\\n'));", replace: () => "text = __oncallSanitizeAnsi(text.replaceAll('\\r\\n', '\\n'));"},
    ],
  },
  {
    name: 'ink-skip-unchanged-commit',
    file: /[\\/]ink[\\/]build[\\/]reconciler\.js$/,
    hooks: [
      // Whether a commit touched Ink's tree; true at first, so the first commit always draws.
      {find: 'let currentUpdatePriority = NoEventPriority;', replace: (m) => `${m} ${HOST_CHANGED}`},
      // After a commit: nothing of Ink's tree changed, nothing to lay out or draw.
      {find: 'resetAfterCommit(rootNode) {', replace: (m) => `${m} if (!__oncallHostChanged) return; __oncallHostChanged = false;`},
      {find: 'hideTextInstance(node) {', replace: (m) => `${m} __oncallHostChanged = true;`},
      {find: 'unhideTextInstance(node, text) {', replace: (m) => `${m} __oncallHostChanged = true;`},
      {find: 'hideInstance(node) { setNodeHidden(node, true);', replace: (m) => `${m} __oncallHostChanged = true;`},
      {find: 'unhideInstance(node) { setNodeHidden(node, false);', replace: (m) => `${m} __oncallHostChanged = true;`},
      {find: 'appendInitialChild: appendChildNode, appendChild: appendChildNode, insertBefore: insertBeforeNode,', replace: () => 'appendInitialChild: appendChildNode, appendChild: __oncallChanging(appendChildNode), insertBefore: __oncallChanging(insertBeforeNode),'},
      {find: 'appendChildToContainer: appendChildNode, insertInContainerBefore: insertBeforeNode,', replace: () => 'appendChildToContainer: __oncallChanging(appendChildNode), insertInContainerBefore: __oncallChanging(insertBeforeNode),'},
      {find: 'removeChildFromContainer(node, removedNode) {', replace: (m) => `${m} __oncallHostChanged = true;`},
      // An update whose props or style differ (Ink returns early when neither does); a <Static> always counts.
      {find: 'if (!props && !style) {', replace: (m) => `if (props || style || node.internal_static) __oncallHostChanged = true; ${m}`},
      {find: 'commitTextUpdate(node, _oldText, newText) {', replace: (m) => `${m} __oncallHostChanged = true;`},
      {find: 'removeChild(node, removedNode) {', replace: (m) => `${m} __oncallHostChanged = true;`},
    ],
  },
  {
    name: 'string-width-lone-units',
    // Every copy of string-width 8 and 9; cliui's older one (7, used only by --help) is left as it is.
    file: /[\\/]string-width[\\/]index\.js$/,
    exclude: /[\\/]cliui[\\/]node_modules[\\/]/,
    hooks: [
      {find: 'export default function stringWidth(input, options = {}) {', replace: () => `${FAST_STRING_WIDTH}export default function stringWidth(input, options) { return __oncallFastWidth(input, options); }\nfunction __oncallOriginalWidth(input, options = {}) {`},
    ],
  },
  {
    name: 'undici-http2-on-demand',
    file: /[\\/]undici[\\/]lib[\\/]dispatcher[\\/]client-h2\.js$/,
    hooks: [
      {
        find: "let http2 try { http2 = require('node:http2') } catch { // @ts-ignore http2 = { constants: {} } }",
        replace: () => `let http2 = {constants: ${JSON.stringify(HTTP2_CONSTANTS)}, connect: (...args) => require('node:http2').connect(...args)}`,
      },
    ],
  },
  {
    name: 'restore-cursor-on-a-terminal',
    file: /[\\/]restore-cursor[\\/]index\.js$/,
    hooks: [
      // Only to a terminal: stderr when it is one, else stdout when it is one, else nowhere.
      {find: "process.stderr.write('\\u001B[?25h');", replace: () => "const __oncallCursorTty = process.stderr.isTTY ? process.stderr : process.stdout.isTTY ? process.stdout : null; __oncallCursorTty?.write('\\u001B[?25h');"},
    ],
  },
  {
    name: 'yoga-wasm-without-fetch',
    file: /[\\/]yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
    hooks: [
      // The binary loader: without fetch it decodes the inlined base64 itself.
      {find: 'function ya(){return w||"function"!=typeof fetch?Promise.resolve()', replace: () => 'function ya(){return w||true?Promise.resolve()'},
      // The streaming instantiation already skips fetch for a data: URL (`ua(H)`); make it unconditional.
      {find: '"function"!=typeof fetch?c(b):fetch(H,', replace: () => 'true?c(b):fetch(H,'},
    ],
  },
];

function pattern(text) {
  const words = text
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(words.join('\\s*'), 'g');
}

/**
 * Applies `patch` (one of {@link PATCHES}) to `source`.
 * @throws when a hook is missing, ambiguous or out of order (the dependency changed)
 */
export function applyPatch(patch, source) {
  let out = source;
  let last = -1;
  for (const hook of patch.hooks) {
    const matches = [...out.matchAll(pattern(hook.find))];
    if (matches.length !== 1) {
      throw new Error(`bundle patch ${patch.name}: expected exactly one "${hook.find}", found ${matches.length}. The dependency changed: re-check scripts/bundle-patches.mjs against its new source.`);
    }
    const m = matches[0];
    if (m.index <= last) throw new Error(`bundle patch ${patch.name}: "${hook.find}" is not where the patch expects it. The dependency changed: re-check scripts/bundle-patches.mjs.`);
    const replacement = hook.replace(m[0]);
    out = out.slice(0, m.index) + replacement + out.slice(m.index + m[0].length);
    last = m.index + replacement.length;
  }
  return out;
}

/**
 * The esbuild plugin applying `patches` (default: all of {@link PATCHES}). `missing()` names the
 * patches whose file the build never read: the build script fails on any.
 */
export function bundlePatches(patches = PATCHES) {
  const applied = new Set();
  return {
    missing: () => patches.filter((p) => !applied.has(p.name)).map((p) => p.name),
    plugin: {
      name: 'oncall-bundle-patches',
      setup(build) {
        for (const patch of patches) {
          build.onLoad({filter: patch.file}, async (args) => {
            // esbuild's filters are Go regular expressions (no lookbehind): a file the patch
            // leaves alone is told apart here, and loaded as it is.
            if (patch.exclude?.test(args.path)) return undefined;
            applied.add(patch.name);
            return {contents: applyPatch(patch, await readFile(args.path, 'utf8')), loader: 'js'};
          });
        }
      },
    },
  };
}
