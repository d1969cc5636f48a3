import {describe, expect, it} from 'vitest';
import {runbookPathOf} from '../../src/domain/runbook-file.ts';
import {makeAlert} from './alert-fixture.ts';

describe('runbookPathOf', () => {
  const alert = makeAlert({fingerprint: 'f', name: 'DiskFull', labels: {alertname: 'DiskFull', team: 'platform'}});

  it('fills the placeholders of a file-path template', () => {
    expect(runbookPathOf(alert, '/srv/runbooks/{{team}}/{{ alertname }}.md')).toBe('/srv/runbooks/platform/DiskFull.md');
    expect(runbookPathOf(alert, '/srv/runbooks/{{.alertname}}.md')).toBe('/srv/runbooks/DiskFull.md');
  });

  it('leaves URL templates to runbookUrlOf and needs every label', () => {
    expect(runbookPathOf(alert, 'https://runbooks.example.com/{{alertname}}')).toBeNull();
    expect(runbookPathOf(alert, '/srv/{{service}}.md')).toBeNull();
    expect(runbookPathOf(alert, undefined)).toBeNull();
    expect(runbookPathOf(alert, '')).toBeNull();
  });

  it('refuses label values that would leave the runbook folder or carry controls', () => {
    for (const team of ['../../etc', '..', '.', 'a/b', 'a\\b', 'x\u0000y', 'x\ny', '']) {
      expect(runbookPathOf(makeAlert({fingerprint: 'g', labels: {alertname: 'X', team}}), '/srv/{{team}}.md')).toBeNull();
    }
  });
});
