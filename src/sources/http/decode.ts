/**
 * Decodes wire JSON with a zod schema. Schemas are written tolerantly (unknown fields ignored,
 * optional fields defaulted) so older and newer backends both decode; what cannot decode is a
 * `bad-response` naming the first field that was wrong.
 */
import type {z} from 'zod';
import {sanitize} from '../../domain/sanitize.ts';
import {SourceFailure} from '../capabilities.ts';

/**
 * Parses `value` with `schema` or throws a `bad-response` failure.
 * @param what the endpoint, for the message, e.g. `alertmanager prod /api/v2/alerts`
 */
export function decodeWire<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw shapeFailure(what, result.error.issues[0]);
}

/** The failure for the first issue; `offset` is added to a leading array index (a slice's start). */
function shapeFailure(what: string, issue: z.core.$ZodIssue | undefined, offset = 0): SourceFailure {
  const [head, ...rest] = issue?.path ?? [];
  const path = head === undefined ? [] : [typeof head === 'number' ? head + offset : head, ...rest];
  const at = path.length > 0 ? ` at ${path.map(String).join('.')}` : '';
  return new SourceFailure('bad-response', sanitize(`${what}: unexpected response shape${at}: ${issue ? issue.message : 'invalid'}`).slice(0, 300));
}

/** Items decoded between two turns of the event loop by {@link decodeWireList}. */
export const DECODE_SLICE = 500;

/**
 * Parses a JSON array item by item with `item`, in slices of {@link DECODE_SLICE} with a turn of
 * the event loop between them, or throws the `bad-response` failure {@link decodeWire} would give
 * for the whole array (the same message, the same index). Why: 10,000 alerts take 35–110 ms to
 * validate, and a key pressed meanwhile would wait for all of it; between slices it is handled.
 * `map` converts each decoded item in the same pass.
 */
export async function decodeWireList<S extends z.ZodType, T>(item: S, value: unknown, what: string, map: (decoded: z.output<S>) => T): Promise<T[]> {
  const list = item.array();
  if (!Array.isArray(value)) return decodeWire(list, value, what).map(map);
  const out: T[] = [];
  for (let start = 0; start < value.length; start += DECODE_SLICE) {
    if (start > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const result = list.safeParse(value.slice(start, start + DECODE_SLICE));
    if (!result.success) throw shapeFailure(what, result.error.issues[0], start);
    for (const decoded of result.data) out.push(map(decoded));
  }
  return out;
}
