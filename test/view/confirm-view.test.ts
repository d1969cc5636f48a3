import {describe, expect, it} from 'vitest';
import {confirmFrame, confirmText} from '../../src/view/confirm-view.ts';

describe('confirmText', () => {
  it('pins what to type below what a group unack lists', () => {
    const text = confirmText('unack', {pendingAck: null, pendingUnack: {what: 'the group', silences: Array.from({length: 30}, (_, i) => `s-${i}`)}})!;
    expect(text.title).toBe('Unack would expire 30 silences');
    expect(text.lines).toHaveLength(32);
    expect(text.pinned).toEqual([{label: '', value: 'Type yes and Enter to unack; Esc cancels.'}]);
  });

  it('names the keys that confirm and cancel as they are bound', () => {
    const text = confirmText('unack', {pendingAck: null, pendingOthersUnack: {what: 'DiskFull', others: ['bob']}}, {submit: 'ctrl+j', back: 'ctrl+g'})!;
    expect(text.pinned).toEqual([{label: '', value: 'Type yes and ctrl+j to expire it; ctrl+g cancels.'}]);
  });

  it('lists nothing for a confirmation without a plan to show (a rollback has its preview)', () => {
    expect(confirmText('rollback', {pendingAck: null})).toBeNull();
    expect(confirmText('ack', {pendingAck: null, pendingUnack: {what: 'x', silences: []}})).toBeNull();
  });
});

describe('confirmFrame', () => {
  it('pages by the rows the list has beside its pinned line', () => {
    const text = confirmText('unack', {pendingAck: null, pendingUnack: {what: 'the group', silences: Array.from({length: 30}, (_, i) => `s-${i}`)}})!;
    // 21 body rows: border and title 3, the pinned line 1.
    expect(confirmFrame(text, 80, 21)).toEqual({pageSize: 17, modalLines: 32});
  });
});
