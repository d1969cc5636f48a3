/**
 * The filter's matchers are "label matchers in Alertmanager's syntax" (README): an absent label
 * reads as empty, so `severity=""` means "no severity label" and `severity!=""` "has one". The
 * alert's normalised severity (`none` without the label) must not stand in for the label of an
 * Alertmanager alert. Each answer is checked against the real Alertmanager's own `?filter=`, and
 * `oncall ack`, which selects with the same matchers, must not silence the alert left out.
 */
import {QueryClient} from '@tanstack/query-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {selectForAck} from '../../src/cli/ack-select.ts';
import type {Alert} from '../../src/domain/alert.ts';
import {matchesFilter, parseAlertFilter} from '../../src/domain/alert-filter.ts';
import {alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {createAlertmanagerSource, type AlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {postAlerts, startAlertmanagerPeer, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {alertmanagerServices} from '../helpers/real-frames.ts';

let am: AlertmanagerPeer;
let source: AlertmanagerSource;
let alerts: Alert[];

const names = (text: string): string[] => {
  const parsed = parseAlertFilter(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return alerts.filter((a) => matchesFilter(a, parsed.filter)).map((a) => a.name).sort();
};

// Alertmanager's own answer to the same matcher.
async function amNames(matcher: string): Promise<string[]> {
  const res = await fetch(`${am.url}/api/v2/alerts?filter=${encodeURIComponent(matcher)}`);
  const body = (await res.json()) as Array<{labels: Record<string, string>}>;
  return body.map((a) => a.labels.alertname ?? '').sort();
}

beforeAll(async () => {
  am = await startAlertmanagerPeer();
  source = createAlertmanagerSource({name: 'am', baseUrl: am.url, timeoutMs: 5000});
  await postAlerts(am.url, [{alertname: 'NoSeverity', service: 'db'}, {alertname: 'Critical', service: 'db', severity: 'critical'}]);
  const services: ContextServices = alertmanagerServices(source);
  alerts = (await new QueryClient().fetchQuery({...alertQueryOptions(services, {intervalMs: false, now: Date.now, ackPrefix: 'ACK!'}), staleTime: 0})).alerts;
}, 60_000);
afterAll(async () => {
  await source?.close();
  await am?.cleanup();
});

describe('an empty matcher value means "label absent", as in Alertmanager', () => {
  it('severity="" lists the alert without a severity label', async () => {
    expect(await amNames('severity=""')).toEqual(['NoSeverity']);
    expect(names('severity=""')).toEqual(['NoSeverity']);
  });

  it('severity!="" and severity=~".+" leave it out', async () => {
    for (const matcher of ['severity!=""', 'severity=~".+"']) {
      expect(await amNames(matcher)).toEqual(['Critical']);
      expect(names(matcher)).toEqual(['Critical']);
    }
  });

  it('the placeholder severity "none" is no label value', async () => {
    expect(await amNames('severity="none"')).toEqual([]);
    expect(names('severity=none')).toEqual([]);
  });

  it('oncall ack service=db severity!="" does not select (and silence) the alert without a severity', () => {
    const chosen = selectForAck(['service=db', 'severity!=""'], alerts);
    expect('alerts' in chosen ? chosen.alerts.map((a) => a.name) : chosen).toEqual(['Critical']);
  });
});
