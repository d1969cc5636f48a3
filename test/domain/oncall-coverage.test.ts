import {describe, expect, it} from 'vitest';
import type {Oncall} from '../../src/domain/incident.ts';
import {coveredServices, mergeCoverage, nobodyOnCall, serviceCoverage, unknownOncalls} from '../../src/domain/oncall-coverage.ts';

const carol: Oncall = {source: 'pd', user: 'carol', level: 1, escalationPolicy: 'EP', schedule: null, until: null, services: ['checkout']};

describe('on-call coverage', () => {
  it('knows nobody is on call only for a service whose policy a source knows', () => {
    const coverage = mergeCoverage([{services: ['checkout', 'search'], unknownServices: ['payments'], incomplete: false}]);
    expect(coverage).toEqual({known: ['checkout', 'search'], unknown: ['payments'], incomplete: false});
    expect(serviceCoverage(coverage, [carol], 'checkout')).toBe('known');
    expect(serviceCoverage(coverage, [carol], 'search')).toBe('known');
    expect(serviceCoverage(coverage, [carol], 'payments')).toBe('unknown');
    expect(serviceCoverage(coverage, [carol], 'chekout')).toBe('unmapped');
    expect(coveredServices(coverage, [carol])).toEqual(['checkout', 'payments', 'search']);
  });

  it('reads a service another source knows as known, and any service without on-calls as unknown after a cut', () => {
    const two = mergeCoverage([{services: [], unknownServices: ['checkout']}, {services: ['checkout']}]);
    expect(two.unknown).toEqual([]);
    const cut = mergeCoverage([{services: ['checkout'], incomplete: true}]);
    expect(serviceCoverage(cut, [carol], 'checkout')).toBe('known');
    expect(serviceCoverage(cut, [carol], 'search')).toBe('unknown');
    // A source that does not say what it covers: no name can be called unmapped.
    expect(serviceCoverage(mergeCoverage([{}]), [], 'search')).toBe('known');
  });

  it('takes the services of a source not read, and a service asked that no answer names anyone for, as unknown', () => {
    const coverage = mergeCoverage([{services: ['checkout', 'search'], unknownServices: ['payments']}]);
    const none = {count: 0, services: []};
    expect(unknownOncalls(coverage, [carol], null, none)).toEqual({unknown: ['payments'], incomplete: false});
    expect(unknownOncalls(coverage, [carol], 'search', none)).toEqual({unknown: [], incomplete: false});
    const unread = {count: 1, services: ['checkout', 'cart']};
    // checkout has carol from the source that answered; cart and search may be paged by the one not read.
    expect(unknownOncalls(coverage, [carol], null, unread)).toEqual({unknown: ['cart', 'payments'], incomplete: true});
    expect(unknownOncalls(coverage, [carol], 'search', unread)).toEqual({unknown: ['search'], incomplete: true});
    expect(unknownOncalls(coverage, [carol], 'checkout', unread)).toEqual({unknown: [], incomplete: true});
    // Nothing answered: every configured service, and any service asked.
    expect(unknownOncalls(mergeCoverage([]), [], null, unread)).toEqual({unknown: ['cart', 'checkout'], incomplete: true});
    expect(unknownOncalls(mergeCoverage([]), [], 'chekout', unread)).toEqual({unknown: ['chekout'], incomplete: true});
  });

  it('names the known services with nobody on call, never one unknown, unread or past a cut', () => {
    const coverage = mergeCoverage([{services: ['checkout', 'search', 'billing'], unknownServices: ['payments'], incomplete: false}]);
    expect(nobodyOnCall(coverage, [carol], coverage.unknown)).toEqual(['billing', 'search']);
    // billing is watched by a source not read: unknown to the reader, so not "nobody".
    expect(nobodyOnCall(coverage, [carol], ['payments', 'billing'])).toEqual(['search']);
    expect(nobodyOnCall({...coverage, incomplete: true}, [carol], [])).toEqual([]);
    expect(nobodyOnCall(mergeCoverage([{}]), [], [])).toEqual([]);
  });
});
