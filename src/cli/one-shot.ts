/** What the one-shot commands (`status`, `alerts`, `ack`, `deploys`, `rollback`) share. */
import type {QueryClient} from '@tanstack/query-core';
import {unsafeChars} from '../domain/sanitize.ts';
import {createQueryClient} from '../queries/query-client.ts';
import type {Runtime} from './runtime.ts';

/**
 * Runs `run` with a query client that does not retry (a script wants the answer now, and says
 * itself whether to try again), then releases the client and the context's connections.
 */
export async function withClient<T>(runtime: Runtime, run: (client: QueryClient) => Promise<T>): Promise<T> {
  const client = createQueryClient({retry: 0});
  try {
    return await run(client);
  } finally {
    client.unmount();
    client.clear();
    await runtime.close();
  }
}

// JSON.stringify escapes C0 controls but leaves DEL, C1 controls, bidi overrides and the other
// invisible characters (zero-width, soft hyphen, TAG characters, the combining grapheme joiner …)
// raw: escape them too, as the JSON of a one-shot command is often read on a terminal. The same
// set sanitize escapes (C0 aside: the indentation's own newlines must stay).
const JSON_UNSAFE = unsafeChars(String.raw`\u007F-\u009F`, 'g');

/** Indented JSON with nothing in it a terminal would act on; still the same JSON value. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(JSON_UNSAFE, escapeUnsafe);
}

// JSON spells a character beyond the BMP (a TAG character) as its two surrogate halves.
function escapeUnsafe(c: string): string {
  return Array.from({length: c.length}, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join('');
}

/** Bytes gathered before one write of a streamed document. */
const STREAM_BATCH = 64 * 1024;

// What JSON.stringify(…, null, 2) writes around the elements of `{"items": [...]}`: between
// them the elements are indented as a list under a top-level key is in the whole document.
const WRAP_KEY = 'items';
// Elements in the first batch, and the most in any (a list of tiny elements).
const FIRST_BATCH = 32;
const MAX_BATCH = 4096;
const WRAP_OPEN = `{\n  ${JSON.stringify(WRAP_KEY)}: [`;
const WRAP_CLOSE = '\n  ]\n}';

/**
 * Writes `{...head, [key]: items}` as {@link safeJson} would, byte for byte, but in batches of
 * ~64 KiB: 10,000 alerts are never one 10 MB string. `item` turns each element into its JSON
 * value when it is written.
 *
 * Each batch of elements is one `JSON.stringify` of `{"items": batch}` with the indentation the
 * list has in the whole document, cut out of its wrapper, then escaped as safeJson escapes: one
 * native call and one scan per batch instead of a stringify, an escape scan and a re-indent per
 * element (most of `oncall alerts --json`'s own time on 10,000 alerts).
 */
export function writeJsonStream<T>(head: Record<string, unknown>, key: string, items: readonly T[], item: (x: T) => unknown, out: (text: string) => void): void {
  // The head as safeJson writes it, minus its closing brace, then the list in place.
  const open = safeJson(head);
  const start = `${open === '{}' ? '{' : `${open.slice(0, -2)},`}\n  ${safeJson(key)}: [`;
  if (items.length === 0) {
    out(`${start}]\n}`);
    return;
  }
  out(start);
  // Batches are cut by count, the count adjusted after each write toward STREAM_BATCH bytes
  // (an element's size is known only once it is written; none is written twice).
  let size = FIRST_BATCH;
  for (let from = 0; from < items.length; ) {
    const end = Math.min(items.length, from + size);
    const batch: unknown[] = [];
    for (let i = from; i < end; i++) batch.push(item(items[i]!));
    const text = JSON.stringify({[WRAP_KEY]: batch}, null, 2);
    const inner = text.slice(WRAP_OPEN.length, text.length - WRAP_CLOSE.length).replace(JSON_UNSAFE, escapeUnsafe);
    out(from === 0 ? inner : `,${inner}`);
    from = end;
    size = Math.max(1, Math.min(MAX_BATCH, Math.round((size * STREAM_BATCH) / Math.max(1, inner.length))));
  }
  out('\n  ]\n}');
}

/**
 * `read()`'s answer, read again when its answers showed the runtime's clock off (the skew
 * changed while it ran): its first requests went out by this machine's clock, before any answer
 * could tell, so an SLO window, a timeline's range or `--at 30m` would be off by the skew.
 * `read` takes the time from `runtime.settings.now()` each time it runs. Costs nothing when
 * the clock is right, one more read when it is not.
 */
export async function readByBackendsClock<T>(runtime: Pick<Runtime, 'clockSkew'>, read: () => Promise<T>): Promise<T> {
  const before = runtime.clockSkew();
  const first = await read();
  return runtime.clockSkew() === before ? first : read();
}
