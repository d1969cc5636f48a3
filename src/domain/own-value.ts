/**
 * Lookups keyed by text a backend sent. A plain object inherits `toString`, `constructor`,
 * `__proto__` and friends, so `table[name]` with a name from the wire can answer a function or
 * `Object.prototype` instead of "absent": a severity label `__proto__` once crashed the alert
 * table that way, and a deploy status `constructor` became a function (both found by fuzzing).
 */

/** `table[key]` when `table` itself has that key, else `undefined`; never an inherited member. */
export function ownValue<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
