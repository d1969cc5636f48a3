import {describe, expect, it} from 'vitest';
import type {Alert} from '../../../src/domain/alert.ts';
import {createInterner, INTERN_MAX} from '../../../src/sources/alertmanager/intern.ts';

/** An alert as a decoder makes it: every string and list its own (as parsed from its own text). */
const fresh = (fp: string, extra: Partial<Alert> = {}): Alert => ({
  fingerprint: fp,
  name: ['High', 'ErrorRate'].join(''),
  severity: 'critical',
  state: 'firing',
  labels: {alertname: 'HighErrorRate', service: `check${'out'}`, pod: `pod-${fp}`},
  annotations: {summary: `5xx on pod-${fp}`},
  startsAt: 0,
  generatorUrl: `http://prometheus/graph?g0.expr=${'up'}`,
  silencedBy: [],
  inhibitedBy: [],
  seenBy: [`a${'m'}`],
  ack: null,
  partialAck: null,
  ...extra,
});

describe('createInterner', () => {
  it('shares the empty lists and the one-source list between alerts, frozen so no alert can change another', () => {
    const intern = createInterner();
    const [a, b] = [intern.alert(fresh('a')), intern.alert(fresh('b'))];
    expect(a.silencedBy).toBe(b.silencedBy);
    expect(a.inhibitedBy).toBe(b.silencedBy);
    expect(a.seenBy).toBe(b.seenBy);
    expect(a.seenBy).toEqual(['am']);
    expect(Object.isFrozen(a.silencedBy) && Object.isFrozen(a.seenBy)).toBe(true);
    expect(() => a.seenBy.push('other')).toThrow(TypeError);
    expect(b.seenBy).toEqual(['am']);
    // Another source's alerts get their own list; a silence's id is shared by the alerts it silences.
    expect(intern.alert(fresh('c', {seenBy: ['am-2']})).seenBy).toEqual(['am-2']);
    const [s1, s2] = [intern.alert(fresh('d', {silencedBy: ['s1']})), intern.alert(fresh('e', {silencedBy: ['s1']}))];
    expect(s1.silencedBy).toBe(s2.silencedBy);
    expect(intern.alert(fresh('f', {silencedBy: ['s1', 's2']})).silencedBy).toEqual(['s1', 's2']);
  });

  it('keeps every value as it was: labels, annotations, generator URL, none', () => {
    const intern = createInterner();
    const a = intern.alert(fresh('a'));
    expect(a).toEqual(fresh('a'));
    expect(intern.alert(fresh('b', {generatorUrl: null})).generatorUrl).toBeNull();
  });

  it('gives back the first equal string, and stays bounded: past the bound it starts afresh and still answers equal strings', () => {
    const intern = createInterner();
    expect(intern.string(`x${1}`)).toBe('x1');
    for (let i = 0; i < INTERN_MAX * 2 + 5; i++) expect(intern.string(`s${i}`)).toBe(`s${i}`);
    expect(intern.string('x1')).toBe('x1');
  });

  it('bounds its one-element lists too', () => {
    const intern = createInterner();
    const first = intern.alert(fresh('a', {silencedBy: ['keep']})).silencedBy;
    for (let i = 0; i < INTERN_MAX + 1; i++) intern.alert(fresh(`b${i}`, {silencedBy: [`s${i}`]}));
    // The table started afresh: a later alert gets a new (equal) list, the earlier alert keeps its own.
    const later = intern.alert(fresh('c', {silencedBy: ['keep']})).silencedBy;
    expect(later).toEqual(first);
    expect(later).not.toBe(first);
  });
});
