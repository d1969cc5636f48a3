import {describe, expect, it} from 'vitest';
import type {DashboardContext} from '../../../src/view/context-set.ts';
import {leftContexts} from '../../../src/view/hooks/use-ack-keepers.ts';
import {emptyServices} from '../../queries/fakes.ts';

const member = (context: string): DashboardContext => ({services: emptyServices({context})});

describe('leftContexts', () => {
  it('adds the contexts no longer shown and drops those shown again', () => {
    const [prod, staging, dev] = [member('prod'), member('staging'), member('dev')];
    const left = leftContexts(new Map(), [prod, dev], [staging]);
    expect([...left.keys()]).toEqual(['prod', 'dev']);
    expect(left.get('prod')).toBe(prod);
    // prod shown again: its keeper is the shown one's; dev stays left.
    expect([...leftContexts(left, [staging], [member('prod')]).keys()]).toEqual(['dev', 'staging']);
  });
});
