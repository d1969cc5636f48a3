/**
 * The dashboard's output in ASCII mode: Ink renders into the wrapped stream, and every byte it
 * writes (frames, the flush after a key) is ASCII while the stream's size, TTY-ness and resize
 * events stay the terminal's.
 */
import {EventEmitter} from 'node:events';
import {Box, render, Text} from 'ink';
import {createElement} from 'react';
import {describe, expect, it} from 'vitest';
import {asciiStream} from '../../src/platform/ascii-stream.ts';

/** A terminal stand-in: what is written, its size, resize events. */
function fakeTerminal(columns = 30, rows = 8) {
  const chunks: string[] = [];
  const term = Object.assign(new EventEmitter(), {
    columns,
    rows,
    isTTY: true,
    writable: true,
    write(chunk: string, ...rest: unknown[]): boolean {
      chunks.push(String(chunk));
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    },
  });
  return {term, chunks};
}

describe('asciiStream', () => {
  it('writes ASCII of the same width and keeps the callback', () => {
    const {term, chunks} = fakeTerminal();
    const out = asciiStream(term as unknown as NodeJS.WriteStream);
    let called = false;
    out.write('\x1b[1m✔ ok…\x1b[22m', () => (called = true));
    expect(chunks).toEqual(['\x1b[1m+ ok~\x1b[22m']);
    expect(called).toBe(true);
  });

  it('is the terminal for everything else: size, TTY, resize events', () => {
    const {term} = fakeTerminal(100, 40);
    const out = asciiStream(term as unknown as NodeJS.WriteStream);
    expect([out.columns, out.rows, out.isTTY]).toEqual([100, 40, true]);
    let seen = 0;
    const onResize = () => (seen = out.columns);
    out.on('resize', onResize);
    term.columns = 120;
    term.emit('resize');
    expect(seen).toBe(120);
    out.off('resize', onResize);
    expect(term.listenerCount('resize')).toBe(0);
  });

  it('carries every byte Ink writes: borders and glyphs arrive as ASCII', async () => {
    const {term, chunks} = fakeTerminal(30, 8);
    const out = asciiStream(term as unknown as NodeJS.WriteStream);
    const app = render(createElement(Box, {borderStyle: 'single', width: 20}, createElement(Text, null, '✔ ok … ▁▃▅█ 中')), {stdout: out, stdin: process.stdin, interactive: true, patchConsole: false, exitOnCtrlC: false});
    await app.waitUntilRenderFlush();
    app.unmount();
    await app.waitUntilExit();
    const bytes = Buffer.from(chunks.join(''), 'utf8');
    expect([...bytes].filter((b) => b >= 0x80)).toEqual([]);
    const screen = chunks.join('');
    expect(screen).toContain('+------------------+');
    expect(screen).toContain('|+ ok ~ _-+# ??    |');
  });
});
