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
    await runtime.composed.close();
  }
}

// JSON.stringify escapes C0 controls but leaves C1 controls and bidi overrides raw: escape them
// too, as the JSON of a one-shot command is often read on a terminal.
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** Indented JSON with nothing in it a terminal would act on; still the same JSON value. */
export function safeJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
