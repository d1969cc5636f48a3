import {describe, expect, it} from 'vitest';
import {groupRunbook} from '../../src/domain/runbook-group.ts';
import {makeAlert} from './alert-fixture.ts';

const rb = (url: string) => ({runbook_url: url});

describe('groupRunbook', () => {
  it("is the group's runbook when every alert has the same one", () => {
    const alerts = [makeAlert({fingerprint: 'a', annotations: rb('https://rb.example.com/x')}), makeAlert({fingerprint: 'b', annotations: rb('https://rb.example.com/x')})];
    expect(groupRunbook(alerts, undefined)).toEqual({alert: alerts[0], how: 'shared'});
  });

  it('counts a template-made runbook as the same when the labels make the same link', () => {
    const alerts = [makeAlert({fingerprint: 'a', labels: {alertname: 'X', service: 's'}}), makeAlert({fingerprint: 'b', labels: {alertname: 'X', service: 's', pod: 'p2'}})];
    expect(groupRunbook(alerts, 'https://rb.example.com/{{service}}')?.how).toBe('shared');
    expect(groupRunbook(alerts, '/srv/runbooks/{{service}}.md')?.how).toBe('shared');
  });

  it("takes the first firing alert's when the runbooks differ, skipping pending and silenced ones", () => {
    const alerts = [
      makeAlert({fingerprint: 'a', state: 'pending', annotations: rb('https://rb.example.com/a')}),
      makeAlert({fingerprint: 'b', state: 'suppressed', annotations: rb('https://rb.example.com/b')}),
      makeAlert({fingerprint: 'c', annotations: rb('https://rb.example.com/c')}),
    ];
    expect(groupRunbook(alerts, undefined)).toEqual({alert: alerts[2], how: 'first-firing'});
  });

  it('takes the first alert with a runbook when some have none or none fires', () => {
    const mixed = [makeAlert({fingerprint: 'a'}), makeAlert({fingerprint: 'b', annotations: rb('https://rb.example.com/b')})];
    expect(groupRunbook(mixed, undefined)).toEqual({alert: mixed[1], how: 'first-firing'});
    const quiet = [makeAlert({fingerprint: 'a', state: 'pending', annotations: rb('https://rb.example.com/a')}), makeAlert({fingerprint: 'b', state: 'pending', annotations: rb('https://rb.example.com/b')})];
    expect(groupRunbook(quiet, undefined)?.alert).toBe(quiet[0]);
  });

  it('is null when no alert has a runbook (a non-web annotation does not count)', () => {
    expect(groupRunbook([makeAlert({fingerprint: 'a', annotations: rb('javascript:alert(1)')})], undefined)).toBeNull();
    expect(groupRunbook([], undefined)).toBeNull();
  });
});
