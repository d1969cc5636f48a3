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

/** The `bad-response` failure for the first issue, naming where it is (`at 2.fingerprint`). */
export function shapeFailure(what: string, issue: z.core.$ZodIssue | undefined): SourceFailure {
  const path = issue?.path ?? [];
  const at = path.length > 0 ? ` at ${path.map(String).join('.')}` : '';
  return new SourceFailure('bad-response', sanitize(`${what}: unexpected response shape${at}: ${issue ? issue.message : 'invalid'}`).slice(0, 300));
}
