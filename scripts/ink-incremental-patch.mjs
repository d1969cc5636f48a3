/**
 * A bundle-time fix to Ink's incremental renderer (`ink/build/log-update.js`): it walks over each
 * unchanged line with its own `CSI E` (cursor to the start of the next line), 3 bytes per line on
 * every frame, so a clock tick that changes one line of a 48-line screen costs 138 bytes of
 * cursor moves. The patch counts a run of unchanged lines and emits ONE `CSI n E` for it, which
 * ends at exactly the same place: both moves stop at the bottom margin, and neither scrolls.
 *
 * Guarded: each piece of Ink's source the patch hooks into must occur exactly once and in the
 * expected order (whitespace may differ), and the plugin must have seen the file at all; otherwise
 * the build fails, so an Ink upgrade cannot silently drop (or misapply) the fix.
 */
import {readFile} from 'node:fs/promises';

/** The file the patch applies to, as esbuild resolves it. */
export const LOG_UPDATE_FILE = /[\\/]ink[\\/]build[\\/]log-update\.js$/;

// Declared before the line loop: the pending run of unchanged lines and how to emit it.
const COUNTER =
  "let __oncallSkipped = 0; const __oncallFlushSkipped = () => { if (__oncallSkipped > 0) buffer.push(__oncallSkipped === 1 ? ansiEscapes.cursorNextLine : '\\u001B[' + __oncallSkipped + 'E'); __oncallSkipped = 0; };\n";

/** Each hook: Ink's text (tokens exact, whitespace free) and what it becomes, in source order. */
const HOOKS = [
  // The loop over the new frame's lines: the counter goes right before it.
  {find: 'for (let i = 0; i < visibleCount; i++) {', replace: (m) => COUNTER + m},
  // An unchanged line: count it instead of writing `CSI E`.
  {find: 'buffer.push(ansiEscapes.cursorNextLine);', replace: () => '__oncallSkipped++;'},
  // A changed line is about to be written: first move over the unchanged ones before it.
  {find: 'const nextLine = nextLines[i];', replace: (m) => `__oncallFlushSkipped(); ${m}`},
  // After the loop, before the cursor suffix: move over the unchanged lines at the bottom.
  {find: 'const cursorSuffix = buildCursorSuffix(nextLines.length - 1, activeCursor); buffer.push(cursorSuffix);', replace: (m) => `__oncallFlushSkipped(); ${m}`},
];

function pattern(text) {
  const escaped = text
    .trim()
    .split(/\s+/)
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(escaped.join('\\s*'), 'g');
}

/**
 * Returns `source` (Ink's log-update.js) with runs of unchanged lines skipped by one cursor move.
 * @throws when a hook is missing, ambiguous or out of order (Ink changed: re-check the patch)
 */
export function patchLogUpdate(source) {
  let out = source;
  let last = -1;
  for (const hook of HOOKS) {
    const matches = [...out.matchAll(pattern(hook.find))];
    if (matches.length !== 1) {
      throw new Error(`ink log-update patch: expected exactly one "${hook.find}" in ink/build/log-update.js, found ${matches.length}. Ink changed: re-check scripts/ink-incremental-patch.mjs against the new renderer.`);
    }
    const m = matches[0];
    if (m.index <= last) throw new Error(`ink log-update patch: "${hook.find}" is not where the patch expects it (Ink changed: re-check scripts/ink-incremental-patch.mjs).`);
    const replacement = hook.replace(m[0]);
    out = out.slice(0, m.index) + replacement + out.slice(m.index + m[0].length);
    last = m.index + replacement.length;
  }
  return out;
}

/**
 * The esbuild plugin applying {@link patchLogUpdate}. `applied()` tells whether it ran: the build
 * script fails when it did not (Ink moved or renamed the file).
 */
export function inkIncrementalPatch() {
  let count = 0;
  return {
    applied: () => count > 0,
    plugin: {
      name: 'ink-incremental-patch',
      setup(build) {
        build.onLoad({filter: LOG_UPDATE_FILE}, async (args) => {
          count++;
          return {contents: patchLogUpdate(await readFile(args.path, 'utf8')), loader: 'js'};
        });
      },
    },
  };
}
