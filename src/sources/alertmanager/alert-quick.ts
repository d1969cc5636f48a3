/**
 * An Alertmanager alert element checked without zod when it is plainly of the right shape, with
 * exactly what `gettableAlertSchema` would give for it; anything else goes to the schema, which
 * decides and names what is wrong. Why: zod's parse was the largest single cost of decoding a
 * large answer (a third of `oncall alerts --json`'s own work on 10,000 alerts in a CPU profile),
 * while the shape it checks is a handful of strings. A property test holds the two to the same
 * answer (test/sources/alertmanager/alert-quick.test.ts).
 */
import type {z} from 'zod';
import type {gettableAlertSchema} from './alertmanager-wire.ts';

/** An alert element as decoded by `gettableAlertSchema`. */
export type GettableAlert = z.output<typeof gettableAlertSchema>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// A label set of strings, as it is (it was parsed for this alert alone; a copy built key by key
// would also keep most of its fields out of the object); null for anything else, and for a
// `__proto__` key, which only the schema's way of copying may define.
function labelSet(v: unknown): Record<string, string> | null {
  if (!isObject(v)) return null;
  for (const key of Object.keys(v)) if (typeof v[key] !== 'string' || key === '__proto__') return null;
  return v as Record<string, string>;
}

// A list of strings, absent or null meaning none.
function stringList(v: unknown): string[] | null {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) return null;
  for (const x of v) if (typeof x !== 'string') return null;
  return v.slice() as string[];
}

/** `v` decoded as `gettableAlertSchema` decodes it, or null when the schema must look at it. */
export function quickGettableAlert(v: unknown): GettableAlert | null {
  if (!isObject(v) || typeof v['fingerprint'] !== 'string' || typeof v['startsAt'] !== 'string') return null;
  const labels = labelSet(v['labels']);
  const annotations = v['annotations'] === undefined || v['annotations'] === null ? {} : labelSet(v['annotations']);
  const url = v['generatorURL'];
  const status = v['status'];
  if (labels === null || annotations === null || !(url === undefined || url === null || typeof url === 'string') || !isObject(status) || typeof status['state'] !== 'string') return null;
  const silencedBy = stringList(status['silencedBy']);
  const inhibitedBy = stringList(status['inhibitedBy']);
  if (silencedBy === null || inhibitedBy === null) return null;
  return {
    labels,
    annotations,
    ...(url === undefined ? {} : {generatorURL: url}),
    fingerprint: v['fingerprint'],
    startsAt: v['startsAt'],
    status: {state: status['state'], silencedBy, inhibitedBy},
  };
}
