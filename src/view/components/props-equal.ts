/** Prop comparison for memoised components whose props are rebuilt on every render. */

/**
 * An `arePropsEqual` for `React.memo`: props are equal when every prop is identical (`Object.is`),
 * except those named in `byValue`, which are compared by value. Those must be small plain data
 * (a pane's status, a layout box, the footer hints): they are rebuilt on every render although
 * they rarely change, and comparing them is far cheaper than redrawing what they feed.
 */
export function propsEqualBy<P extends object>(...byValue: Array<keyof P>): (prev: Readonly<P>, next: Readonly<P>) => boolean {
  const deep = new Set<PropertyKey>(byValue);
  return (prev, next) => {
    const keys = Object.keys(next) as Array<keyof P>;
    if (keys.length !== Object.keys(prev).length) return false;
    return keys.every((k) => Object.is(prev[k], next[k]) || (deep.has(k) && sameValue(prev[k], next[k])));
  };
}

/** Structural equality of plain data (primitives, arrays, plain objects). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
