import {describe, expect, it} from 'vitest';
import {findSuspects} from '../../../src/domain/correlation.ts';
import {jsonDeploys} from '../../../src/sources/json-deploys/json-deploys-wire.ts';
import {deployTable} from '../../../src/view/rows/deploy-rows.ts';

describe('deploys: JSON feed entries without an id', () => {
  // One pipeline deploys v1.4.2 to two regions at once; the feed gives no `id` (it is optional).
  const {items} = jsonDeploys(
    [
      {service: 'checkout', version: 'v1.4.2', environment: 'prod-eu', status: 'success', startedAt: '2026-05-04T09:48:00Z'},
      {service: 'checkout', version: 'v1.4.2', environment: 'prod-us', status: 'failed', startedAt: '2026-05-04T09:48:00Z'},
    ],
    {},
  );

  it('get ids of their own: the generated id holds the environment', () => {
    expect(new Set(items.map((d) => d.id)).size).toBe(2);
  });

  it('an alert in prod-eu marks only the prod-eu row SUSPECT', () => {
    const suspects = findSuspects(items, [{service: 'checkout', startedAt: Date.parse('2026-05-04T09:55:00Z'), environment: 'prod-eu'}]);
    const table = deployTable(items, Date.parse('2026-05-04T10:00:00Z'), new Set(suspects.keys()));
    const flagged = table.rows.filter((r) => r.cells[6]?.text.includes('SUSPECT')).map((r) => r.cells[3]?.text);
    // The prod-us row (whose deploy failed) read ⚑ SUSPECT as well when both rows shared one id.
    expect(flagged).toEqual(['prod-eu']);
  });
});

describe('deploys: generated ids', () => {
  it('keep the feed\'s ids, leave an empty environment out, and number entries still alike', () => {
    const entry = {service: 'checkout', version: 'v1', startedAt: 1777888800};
    const {items} = jsonDeploys([{...entry, id: 'checkout@v1@1777888800000'}, entry, entry, {...entry, environment: 'prod'}], {});
    expect(items.map((d) => d.id)).toEqual(['checkout@v1@1777888800000', 'checkout@v1@1777888800000#2', 'checkout@v1@1777888800000#3', 'checkout@v1@1777888800000@prod']);
  });
});
