/**
 * Splits a JSON array arriving in chunks into the JSON bytes of its elements, so that a large
 * array can be decoded element by element as it arrives: the body is never held whole, nor its
 * whole parse tree. An element is handed over as bytes (a view of the chunk when it lies within
 * one), so a consumer that recognises it without decoding it (alert-decode.ts hashes it) makes
 * no string of it at all. It only finds where each element begins and ends (strings, escapes and
 * nesting respected); each element is then parsed on its own by `JSON.parse`, which rejects
 * anything malformed inside it.
 */

/** What {@link JsonArraySplitter.push} found. */
export type SplitState = 'array' | 'not-array' | 'invalid';

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/** Splits one array; create one per body. */
export class JsonArraySplitter {
  /** `array` while the body looks like one; `not-array` when it does not start with `[`; `invalid` on a structural error. */
  state: SplitState | 'start' = 'start';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private closed = false;
  // The current element's bytes from earlier chunks, when it spans chunks.
  private pieces: Buffer[] = [];
  private started = false;
  // After a top-level `,` an element must follow (`[1,]` is not JSON).
  private expectElement = false;

  /**
   * Feeds a chunk; calls `element` with the bytes of each element completed in it (trailing
   * whitespace trimmed). They may be a view of `chunk`: use them before the next push.
   */
  push(chunk: Buffer, element: (bytes: Buffer) => void): void {
    // The state in locals while the loop runs (written back at the end), and the inside of a
    // string, where nearly all the bytes are, walked by a loop of its own that looks only for a
    // quote or a backslash: with 7 MB per poll, this walk was the largest single cost of decoding.
    let inString = this.inString;
    let escaped = this.escaped;
    let depth = this.depth;
    let from = -1;
    const n = chunk.length;
    const save = () => {
      this.inString = inString;
      this.escaped = escaped;
      this.depth = depth;
    };
    for (let i = 0; i < n; i++) {
      if (inString) {
        if (escaped) {
          escaped = false;
          continue;
        }
        let b = chunk[i]!;
        while (b !== 0x22 && b !== 0x5c && ++i < n) b = chunk[i]!;
        if (i === n) break;
        if (b === 0x5c) escaped = true;
        else inString = false;
        continue;
      }
      const b = chunk[i]!;
      if (this.state !== 'array') {
        if (this.state !== 'start' || isSpace(b)) continue;
        if (b !== 0x5b) {
          this.state = 'not-array';
          save();
          return;
        }
        this.state = 'array';
        depth = 1;
        continue;
      }
      if (this.closed) {
        if (!isSpace(b)) this.state = 'invalid';
        continue;
      }
      if (depth === 1 && (b === 0x2c || b === 0x5d)) {
        // `,` or the closing `]` at the top level ends the element (if there was one).
        if (this.started) {
          element(this.take(chunk, from, i));
          this.started = false;
          this.expectElement = b === 0x2c;
        } else if (b === 0x2c || this.expectElement) {
          this.state = 'invalid';
          save();
          return;
        }
        from = -1;
        if (b === 0x5d) {
          this.closed = true;
          depth = 0;
        }
        continue;
      }
      if (!this.started) {
        if (isSpace(b)) continue;
        this.started = true;
        from = i;
      }
      if (b === 0x22) inString = true;
      else if (b === 0x5b || b === 0x7b) depth++;
      else if ((b === 0x5d || b === 0x7d) && --depth < 1) {
        this.state = 'invalid';
        save();
        return;
      }
    }
    save();
    if (this.started) this.pieces.push(chunk.subarray(from < 0 ? 0 : from));
  }

  /** True when the whole body was one well-formed array (call after the last chunk). */
  complete(): boolean {
    return this.state === 'array' && this.closed;
  }

  private take(chunk: Buffer, from: number, to: number): Buffer {
    const tail = chunk.subarray(from < 0 ? 0 : from, to);
    if (this.pieces.length === 0) return trimEnd(tail);
    const bytes = Buffer.concat([...this.pieces, tail]);
    this.pieces = [];
    return trimEnd(bytes);
  }
}

function trimEnd(bytes: Buffer): Buffer {
  let end = bytes.length;
  while (end > 0 && isSpace(bytes[end - 1]!)) end--;
  return end === bytes.length ? bytes : bytes.subarray(0, end);
}
