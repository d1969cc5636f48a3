/**
 * A minimal terminal screen for reading what Ink's incremental renderer writes: cursor moves
 * (CUU/CUD/CUF/CUB/CNL/CPL/CHA/CUP), erases (ED/EL), CR/LF, printable text by cell width, and
 * the synchronized-output brackets (`CSI ? 2026 h` … `CSI ? 2026 l`) that Ink puts around every
 * frame. Colours and modes are ignored: the benchmark needs the text of each frame and how many
 * bytes it took, not its looks.
 */
import stringWidth from 'string-width';

/** One frame: the bytes between the end of the previous frame and this one's closing bracket. */
export interface Frame {
  /** UTF-8 bytes written for this frame (brackets and cursor moves included). */
  bytes: number;
  /** Bytes of those that were `CSI E` or `CSI n E` (cursor to next line) walking over unchanged rows. */
  walkBytes: number;
  /** The screen rows after the frame, as text. */
  rows: string[];
}

// CSI with parameters, OSC up to BEL/ST, a two-byte escape, or one character.
const TOKEN = /\x1b\[([0-9;?:<=>]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b([^[\]])|([\s\S])/gu;
const COMPLETE_ESCAPE = /^\x1b(?:\[[0-9;?:<=>]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[^[\]])/u;

/** Where an escape sequence cut off by the end of a chunk starts, or -1. */
function incompleteTail(text: string): number {
  const i = text.lastIndexOf('\x1b');
  if (i < 0) return -1;
  return COMPLETE_ESCAPE.test(text.slice(i)) ? -1 : i;
}

/** The screen model; feed it what the program wrote, collect the frames it completed. */
export class Screen {
  private cells: string[][];
  private row = 0;
  private col = 0;
  private wrapPending = false;
  private saved = {row: 0, col: 0};
  private bytes = 0;
  private walkBytes = 0;
  private carry = '';
  readonly frames: Frame[] = [];

  readonly cols: number;
  readonly rowCount: number;

  // Plain fields, not parameter properties: Node runs the benchmarks' TypeScript as it is (type stripping).
  constructor(cols: number, rowCount: number) {
    this.cols = cols;
    this.rowCount = rowCount;
    this.cells = Array.from({length: rowCount}, () => this.blankRow());
  }

  /** The current screen, one string per row, trailing blanks kept. */
  text(): string[] {
    return this.cells.map((r) => r.join(''));
  }

  /** Processes written text; any frame it completes is appended to `frames`. */
  feed(chunk: string): void {
    let text = this.carry + chunk;
    this.carry = '';
    const cut = incompleteTail(text);
    if (cut >= 0) {
      this.carry = text.slice(cut);
      text = text.slice(0, cut);
    }
    for (const m of text.matchAll(TOKEN)) {
      this.bytes += Buffer.byteLength(m[0]);
      if (m[2] !== undefined) this.csi(m[1] ?? '', m[2]);
      else if (m[3] !== undefined) this.escape(m[3]);
      else if (m[4] !== undefined) this.char(m[4]);
    }
  }

  private blankRow(): string[] {
    return Array.from({length: this.cols}, () => ' ');
  }

  private csi(params: string, final: string): void {
    const nums = params.replace(/^\?/, '').split(';').map((p) => (p === '' ? 0 : Number(p)));
    const n = Math.max(1, nums[0] ?? 0);
    this.wrapPending = false;
    switch (final) {
      case 'A': this.row = Math.max(0, this.row - n); break;
      case 'B': this.row = Math.min(this.rowCount - 1, this.row + n); break;
      case 'C': this.col = Math.min(this.cols - 1, this.col + n); break;
      case 'D': this.col = Math.max(0, this.col - n); break;
      case 'E':
        this.walkBytes += 3 + params.length;
        this.row = Math.min(this.rowCount - 1, this.row + n);
        this.col = 0;
        break;
      case 'F': this.row = Math.max(0, this.row - n); this.col = 0; break;
      case 'G': this.col = Math.min(this.cols - 1, n - 1); break;
      case 'H': case 'f':
        this.row = Math.min(this.rowCount - 1, Math.max(1, nums[0] ?? 1) - 1);
        this.col = Math.min(this.cols - 1, Math.max(1, nums[1] ?? 1) - 1);
        break;
      case 'J': this.eraseDisplay(nums[0] ?? 0); break;
      case 'K': this.eraseLine(nums[0] ?? 0); break;
      case 'h': case 'l':
        if (params === '?1049') this.cells = Array.from({length: this.rowCount}, () => this.blankRow());
        if (params === '?2026' && final === 'l') this.endFrame();
        break;
      default: break; // SGR and the rest change no text
    }
  }

  private escape(ch: string): void {
    if (ch === '7') this.saved = {row: this.row, col: this.col};
    if (ch === '8') ({row: this.row, col: this.col} = this.saved);
  }

  private char(ch: string): void {
    if (ch === '\r') { this.col = 0; this.wrapPending = false; return; }
    if (ch === '\n') { this.lineFeed(); return; }
    if (ch === '\b') { this.col = Math.max(0, this.col - 1); return; }
    if (ch < ' ' || ch === '\x7f') return;
    const w = stringWidth(ch);
    if (w === 0) return;
    if (this.wrapPending || this.col + w > this.cols) {
      this.col = 0;
      this.lineFeed();
    }
    const line = this.cells[this.row]!;
    line[this.col] = ch;
    if (w === 2 && this.col + 1 < this.cols) line[this.col + 1] = '';
    this.col += w;
    if (this.col >= this.cols) {
      this.col = this.cols - 1;
      this.wrapPending = true;
    }
  }

  private lineFeed(): void {
    this.wrapPending = false;
    if (this.row < this.rowCount - 1) this.row += 1;
    else {
      this.cells.shift();
      this.cells.push(this.blankRow());
    }
  }

  private eraseLine(mode: number): void {
    const line = this.cells[this.row]!;
    const [from, to] = mode === 0 ? [this.col, this.cols] : mode === 1 ? [0, this.col + 1] : [0, this.cols];
    for (let c = from; c < to; c++) line[c] = ' ';
  }

  private eraseDisplay(mode: number): void {
    if (mode === 0) {
      this.eraseLine(0);
      for (let r = this.row + 1; r < this.rowCount; r++) this.cells[r] = this.blankRow();
    } else if (mode === 1) {
      this.eraseLine(1);
      for (let r = 0; r < this.row; r++) this.cells[r] = this.blankRow();
    } else {
      this.cells = Array.from({length: this.rowCount}, () => this.blankRow());
    }
  }

  private endFrame(): void {
    this.frames.push({bytes: this.bytes, walkBytes: this.walkBytes, rows: this.text()});
    this.bytes = 0;
    this.walkBytes = 0;
  }
}
