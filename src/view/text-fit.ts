/** Fitting text into terminal cells by display width (wide CJK, emoji, combining marks). */
import stringWidth from 'string-width';

const segmenter = new Intl.Segmenter();

/** The characters of `text` as drawn (graphemes): an emoji with its selector, a letter with its accents. */
export function graphemes(text: string): string[] {
  return [...segmenter.segment(text)].map((s) => s.segment);
}

/** Display width of a string in terminal cells. */
export function cellWidth(text: string): number {
  return stringWidth(text);
}

/** Cuts `text` to at most `width` cells, ending with `…` when something was cut. */
export function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  if (stringWidth(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const {segment} of segmenter.segment(text)) {
    const w = stringWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return `${out}…`;
}

/** Cuts `text` to at most `width` cells from the start, beginning with `…` when something was cut. */
export function truncateStart(text: string, width: number): string {
  if (width <= 0) return '';
  if (stringWidth(text) <= width) return text;
  const segments = graphemes(text);
  let out = '';
  let used = 0;
  for (let i = segments.length - 1; i >= 0; i--) {
    const w = stringWidth(segments[i]!);
    if (used + w > width - 1) break;
    out = segments[i]! + out;
    used += w;
  }
  return `…${out}`;
}

/** Truncates or pads `text` to exactly `width` cells. */
export function fit(text: string, width: number, align: 'left' | 'right' = 'left'): string {
  const cut = truncate(text, width);
  const pad = ' '.repeat(Math.max(0, width - stringWidth(cut)));
  return align === 'left' ? cut + pad : pad + cut;
}

/** Breaks `text` into lines of at most `width` cells (by grapheme), at most `maxLines`; the last ends in `…` if cut. */
export function wrapText(text: string, width: number, maxLines: number): string[] {
  if (width <= 0 || maxLines <= 0) return [];
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const {segment} of segmenter.segment(text)) {
    const w = stringWidth(segment);
    if (used + w > width) {
      if (lines.length === maxLines - 1) {
        // No room for another line: what is left is cut, and the last line says so.
        lines.push(truncate(`${line}${segment}`, width));
        return lines;
      }
      lines.push(line);
      line = '';
      used = 0;
    }
    line += segment;
    used += w;
  }
  if (line !== '') lines.push(line);
  return lines;
}
