/**
 * The terminal as the dashboard writes to it when it cannot show UTF-8: the same stream, whose
 * `write` turns every text into ASCII of the same width (ascii-glyphs.ts). Ink is given this in
 * place of stdout, so every byte of every frame passes here, whichever of Ink's paths wrote it
 * (full frames, the incremental renderer's changed lines, the flush after a key press, console
 * output), and no component needs to know.
 */
import {toAscii} from './ascii-glyphs.ts';

/**
 * `stream` with a `write` that transliterates strings (bytes pass as they are: Ink writes
 * strings). Everything else (`columns`, `rows`, `isTTY`, `on('resize')`, `writable` …) is the
 * stream's own, read through at each access, so a resize is seen as on the stream itself.
 */
export function asciiStream<S extends NodeJS.WritableStream>(stream: S): S {
  const write = (chunk: unknown, ...rest: unknown[]): boolean => (stream.write as (...args: unknown[]) => boolean)(typeof chunk === 'string' ? toAscii(chunk) : chunk, ...rest);
  return new Proxy(stream, {
    get(target, prop) {
      if (prop === 'write') return write;
      const value: unknown = Reflect.get(target, prop, target);
      // Methods run on the stream itself: its listeners, its state.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
