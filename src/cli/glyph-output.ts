/**
 * The glyph mode of a one-shot command's output: its text in ASCII when the terminal cannot show
 * UTF-8 (platform/glyph-mode.ts), its JSON never (JSON is data, and its escaping already keeps it
 * safe). Decided at each write, because what decides arrives in steps: the environment at once,
 * `--glyphs` and `--json` once the command line is parsed, the config's `glyphs:` once it is read.
 */
import {toAscii} from '../platform/ascii-glyphs.ts';
import {glyphMode, glyphWarning, type GlyphMode} from '../platform/glyph-mode.ts';
import type {CliArgs} from './args.ts';
import type {Env} from './compose.ts';

/** Where a command writes (main.ts' `Io`). */
export interface TextIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** A command's output in its glyph mode, and what it learns from the command line. */
export interface GlyphOutput {
  io: TextIo;
  /** The parsed command line: `--glyphs`, and whether stdout carries JSON. */
  parsed(args: CliArgs): void;
}

/** Whether `args` print a JSON document on stdout. */
function printsJson(args: CliArgs): boolean {
  return args.json || args.format === 'json';
}

/**
 * Wraps `io`: stdout's text and all of stderr (notes and errors are for a person, also beside
 * JSON) go through the transliteration in ASCII mode. `config()` gives the config's `glyphs:`
 * once a config was read (undefined before, and for the demo).
 */
export function glyphOutput(io: TextIo, env: Env, config: () => GlyphMode | undefined): GlyphOutput {
  let flag: GlyphMode | undefined;
  let json = false;
  // Decided once per config seen, not per line written: `alerts` writes one per alert.
  let decided: {config: GlyphMode | undefined; ascii: boolean} | null = null;
  const ascii = () => {
    const cfg = config();
    if (decided === null || decided.config !== cfg) decided = {config: cfg, ascii: glyphMode({flag, config: cfg, env}).mode === 'ascii'};
    return decided.ascii;
  };
  return {
    io: {
      out: (text) => io.out(!json && ascii() ? toAscii(text) : text),
      err: (text) => io.err(ascii() ? toAscii(text) : text),
    },
    parsed(args) {
      flag = args.glyphs;
      decided = null;
      json = printsJson(args);
      const warning = glyphWarning(glyphMode({env}));
      if (warning !== null && args.command !== 'dashboard' && args.command !== 'demo') this.io.err(`note: ${warning}\n`);
    },
  };
}
