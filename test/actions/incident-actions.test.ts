import {describe, expect, it} from 'vitest';
import {defaultKeymap, type ActionContext} from '../../src/actions/keymap.ts';

const reason = (id: string, ctx: ActionContext) => defaultKeymap.find((b) => b.id === id)!.disabledReason!(ctx);
const incidentRow = {kind: 'alert' as const, id: 'pagerduty-P1', label: 'x', incident: true};

describe('keys on a PagerDuty incident row', () => {
  it('acks it without an Alertmanager, and says why u cannot un-acknowledge it', () => {
    const ctx: ActionContext = {readOnly: false, hasAlertmanager: false, hasRollback: false, selection: {...incidentRow, acked: false}};
    expect(reason('ack', ctx)).toBeNull();
    expect(reason('ack', {...ctx, selection: {...incidentRow, acked: true, hasAck: true}})).toBe('already acknowledged in PagerDuty');
    expect(reason('unack', {...ctx, selection: {...incidentRow, acked: true, hasAck: true}})).toBe('PagerDuty has no un-acknowledge: resolve it there');
    // An Alertmanager alert still needs an Alertmanager.
    expect(reason('ack', {...ctx, selection: {kind: 'alert', id: 'f1', label: 'y', acked: false}})).toBe('no Alertmanager that accepts silences is configured');
  });

  it(':resolve says why it cannot act: not an incident row, or read-only', () => {
    const ctx: ActionContext = {readOnly: false, hasAlertmanager: true, hasRollback: false, selection: {...incidentRow, acked: false}};
    expect(reason('resolve', ctx)).toBeNull();
    expect(reason('resolve', {...ctx, selection: {kind: 'alert', id: 'f1', label: 'y'}})).toBe('not a PagerDuty incident (select its PD # row in the alerts pane)');
    expect(reason('resolve', {...ctx, selection: null})).toBe('not a PagerDuty incident (select its PD # row in the alerts pane)');
    expect(reason('resolve', {...ctx, readOnly: true})).toBe('read-only context');
    expect(reason('resolve', {...ctx, selection: {...incidentRow, readOnly: true}})).toBe('read-only context');
  });
});
