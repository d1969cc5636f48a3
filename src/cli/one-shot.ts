/** What the one-shot commands (`status`, `alerts`, `ack`, `deploys`, `rollback`) share. */
import type {QueryClient} from '@tanstack/query-core';
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

// JSON.stringify escapes C0 controls but leaves C1 controls and bidi overrides raw: escape them
// too, as the JSON of a one-shot command is often read on a terminal.
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** Indented JSON with nothing in it a terminal would act on; still the same JSON value. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Bytes gathered before one write of a streamed document. */
const STREAM_BATCH = 64 * 1024;

/**
 * Writes `{...head, [key]: items}` as {@link safeJson} would, byte for byte, but item by item in
 * batches: 10,000 alerts are never one 10 MB string. `item` turns each element into its JSON
 * value when it is written.
 */
export function writeJsonStream<T>(head: Record<string, unknown>, key: string, items: readonly T[], item: (x: T) => unknown, out: (text: string) => void): void {
  // The head as safeJson writes it, minus its closing brace, then the list in place.
  const open = safeJson(head);
  let batch = `${open === '{}' ? '{' : `${open.slice(0, -2)},`}\n  ${JSON.stringify(key)}: [`;
  if (items.length === 0) {
    out(`${batch}]\n}`);
    return;
  }
  for (let i = 0; i < items.length; i++) {
    batch += `${i === 0 ? '' : ','}\n    ${safeJson(item(items[i]!)).replaceAll('\n', '\n    ')}`;
    if (batch.length >= STREAM_BATCH) {
      out(batch);
      batch = '';
    }
  }
  out(`${batch}\n  ]\n}`);
}
