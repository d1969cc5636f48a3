/**
 * Turns zod's issues into findings a person can act on: "missing required key", "expected a
 * list, got a mapping", "unknown key "urll" (did you mean "url"?)". Messages written in the
 * schema itself (URLs, durations, objectives) pass through unchanged.
 */
import {z} from 'zod';
import {closestKey, describeHiddenValue, describeValue, isSecretPath, quote, shownKey, TOKEN_KEY, type Finding} from './config-errors.ts';

const EXPECTED: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a mapping',
  record: 'a mapping',
  array: 'a list',
};

/** Maps issues of one parse; holds the known keys of each object that reported unknown ones. */
export interface IssueMapper {
  /** Pass as `error` to `safeParse`: it writes the generic messages. */
  errorMap: z.core.$ZodErrorMap;
  /** Converts the issues of that parse, one finding per unknown key. */
  toFindings(issues: readonly z.core.$ZodIssue[]): Finding[];
}

function lastKey(path: readonly PropertyKey[] | undefined): string {
  const last = path?.at(-1);
  return last === undefined ? '' : String(last);
}

function typeMessage(iss: z.core.$ZodRawIssue<z.core.$ZodIssueInvalidType>): string {
  if (iss.input === undefined) return `missing required key ${quote(lastKey(iss.path))}`;
  const expected = EXPECTED[iss.expected] ?? iss.expected;
  const scalar = typeof iss.input === 'number' || typeof iss.input === 'boolean';
  // Under headers, basicAuth or a token-like key the value may be the credential itself
  // (`basicAuth: "user:pass"`): say what kind of value it is, never what it says.
  if (isSecretPath(iss.path)) return `expected ${expected}, got ${describeHiddenValue(iss.input)}${iss.expected === 'string' && scalar ? ' (quote it)' : ''}`;
  const hint = iss.expected === 'string' && scalar ? ` (quote it: "${String(iss.input)}")` : '';
  return `expected ${expected}, got ${describeValue(iss.input)}${hint}`;
}

/** The value a "must be one of" message shows: quoted, unless it sits where a secret may be. */
function shownInput(input: unknown, path: readonly PropertyKey[] | undefined): string {
  return isSecretPath(path) ? describeHiddenValue(input) : quote(input);
}

function unionMessage(iss: z.core.$ZodRawIssue<z.core.$ZodIssueInvalidUnion>): string | undefined {
  const raw: unknown = 'options' in iss ? iss.options : undefined;
  if (iss.discriminator === undefined || !Array.isArray(raw)) return undefined;
  const options = raw.map(String).join(', ');
  const input = iss.input as Record<string, unknown> | undefined;
  const value = typeof input === 'object' && input !== null ? input[iss.discriminator] : undefined;
  if (value === undefined) return `missing required key ${quote(iss.discriminator)} (one of ${options})`;
  return `must be one of ${options} (got ${shownInput(value, [...(iss.path ?? []), iss.discriminator])})`;
}

/** Creates the mapper for one parse. */
export function makeIssueMapper(): IssueMapper {
  const knownKeys = new Map<string, string[]>();
  const errorMap: z.core.$ZodErrorMap = (iss) => {
    switch (iss.code) {
      case 'invalid_type':
        return typeMessage(iss);
      case 'invalid_union':
        return unionMessage(iss);
      case 'invalid_value':
        return `must be one of ${iss.values.map(String).join(', ')} (got ${shownInput(iss.input, iss.path)})`;
      case 'too_small':
        return iss.origin === 'array' || iss.origin === 'string' ? 'must not be empty' : undefined;
      case 'unrecognized_keys':
        // The object that raised it knows its own keys: remember them to suggest the closest.
        if (iss.inst instanceof z.ZodObject) knownKeys.set(JSON.stringify(iss.path ?? []), Object.keys(iss.inst.shape));
        return 'unknown key';
      default:
        return undefined;
    }
  };
  const toFindings = (issues: readonly z.core.$ZodIssue[]): Finding[] =>
    issues.flatMap((issue): Finding[] => {
      const path = issue.path.map((seg) => (typeof seg === 'number' ? seg : String(seg)));
      if (issue.code !== 'unrecognized_keys') return [{path, message: issue.message}];
      const known = knownKeys.get(JSON.stringify(issue.path)) ?? [];
      return issue.keys.map((key) => {
        // A token pasted as a key is never quoted, nor "corrected" into a guess.
        const guess = shownKey(key) === TOKEN_KEY ? null : closestKey(key, known);
        const hint = guess === null ? '' : ` (did you mean ${quote(guess)}?)`;
        return {path: [...path, key], target: 'key', message: `unknown key ${shownKey(key)}${hint}`};
      });
    });
  return {errorMap, toFindings};
}
