import {describe, expect, it} from 'vitest';
import {rowActions} from '../../src/actions/app-actions.ts';
import type {Alert} from '../../src/domain/alert.ts';
import {sanitize} from '../../src/domain/sanitize.ts';
import {makeAlert} from '../domain/alert-fixture.ts';
import {actionData, fakeDeps} from './action-fixtures.ts';

// `y` on an alert row copies its runbook, else its generator URL: the footer must name which, as
// the details do (`runbook:` / `source:`), or a graph link gets pasted into chat as "the runbook".
function copyAlertLink(alert: Alert, runbookTemplate?: string) {
  const copy = rowActions.find((r) => r.id === 'copyLink')!;
  const data = actionData([alert], {alertRows: [{key: `a:${alert.fingerprint}`}], ...(runbookTemplate ? {runbookTemplate} : {})});
  const planned = copy.plan!({target: {kind: 'alert', id: alert.fingerprint, label: alert.name}, data});
  if (planned.kind !== 'run') throw new Error('y refused');
  const {deps, copied} = fakeDeps();
  return {result: copy.run!(planned.intent, deps) as {text: string; tone: string}, copied};
}

const GRAPH = 'http://prometheus:9090/graph?g0.expr=up%3D%3D0';

describe('y on an alert row', () => {
  it('calls the generator URL it copies, for an alert with no runbook, the source link', () => {
    const {result, copied} = copyAlertLink(makeAlert({fingerprint: 'x', name: 'DiskFull', labels: {alertname: 'DiskFull'}, generatorUrl: GRAPH}));
    expect(copied).toEqual([GRAPH]);
    expect(result).toEqual({text: `copied source link: ${GRAPH}`, tone: 'ok'});
  });

  it('calls it the source link too when the runbook template is a local file path (no link to copy)', () => {
    const alert = makeAlert({fingerprint: 'x', name: 'DiskFull', labels: {alertname: 'DiskFull'}, generatorUrl: GRAPH});
    expect(copyAlertLink(alert, '/srv/runbooks/{{alertname}}.md').result.text).toBe(`copied source link: ${GRAPH}`);
  });

  it('says a refused runbook_url (javascript:) was not copied, and that the source link was instead', () => {
    const {result, copied} = copyAlertLink(makeAlert({fingerprint: 'x', name: 'DiskFull', annotations: {runbook_url: 'javascript:alert(1)'}, generatorUrl: GRAPH}));
    expect(copied).toEqual([GRAPH]);
    expect(result).toEqual({text: `copied source link (runbook_url not copied: not a plain http(s) URL): ${GRAPH}`, tone: 'warn'});
  });

  it('says a refused runbook annotation was not copied when there is nothing else to copy, its value sanitized', () => {
    const {result, copied} = copyAlertLink(makeAlert({fingerprint: 'x', name: 'DiskFull', annotations: {playbook: 'file:///etc/passwd\x1b]52;c;x\x07'}}));
    expect(copied).toEqual([]);
    expect(result.tone).toBe('warn');
    expect(result.text).toMatch(/^playbook not copied: file:\/\/\/etc\/passwd.* is not a plain http\(s\) URL$/);
    expect(sanitize(result.text)).toBe(result.text);
  });

  it('still calls a runbook a runbook', () => {
    const alert = makeAlert({fingerprint: 'x', name: 'DiskFull', annotations: {runbook_url: 'https://runbooks.example/DiskFull'}, generatorUrl: GRAPH});
    expect(copyAlertLink(alert).result).toEqual({text: 'copied runbook link: https://runbooks.example/DiskFull', tone: 'ok'});
  });

  it('calls a PagerDuty incident row\'s page (its generator URL) the incident link', () => {
    const page = 'https://acme.pagerduty.com/incidents/PT4KHLK';
    const incident = {source: 'pd', id: 'PT4KHLK', number: 1234, title: 'checkout 5xx', status: 'triggered' as const, url: page, service: 'checkout', acknowledgedBy: [], acknowledgedAt: null};
    const alert = makeAlert({fingerprint: 'PT4KHLK', name: 'checkout 5xx', generatorUrl: page, source: 'pagerduty', incident});
    expect(copyAlertLink(alert).result).toEqual({text: `copied incident link: ${page}`, tone: 'ok'});
    // Without the incident fields it is no incident row: its generator URL is its source link.
    expect(copyAlertLink(makeAlert({fingerprint: 'PT4KHLK', name: 'checkout 5xx', generatorUrl: page})).result.text).toBe(`copied source link: ${page}`);
  });
});
