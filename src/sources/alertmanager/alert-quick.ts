/**
 * An Alertmanager alert element checked without zod when it is plainly of the right shape, with
 * exactly what `gettableAlertSchema` would give for it; anything else goes to the schema, which
 * decides and names what is wrong. Why: zod's parse was the largest single cost of decoding a
 * large answer (a third of `oncall alerts --json`'s own work on 10,000 alerts in a CPU profile),
 * while the shape it checks is a handful of strings. A property test holds the two to the same
 * answer (test/sources/alertmanager/alert-quick.test.ts).
 */
import type {z} from 'zod';
import {isObject, quickLabelSet as labelSet, quickStringList as stringList} from '../quick-shape.ts';
import type {gettableAlertSchema} from './alertmanager-wire.ts';

/** An alert element as decoded by `gettableAlertSchema`. */
export type GettableAlert = z.output<typeof gettableAlertSchema>;

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
