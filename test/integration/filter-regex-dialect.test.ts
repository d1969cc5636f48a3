/**
 * A filter's regex is RE2's, as Alertmanager reads it: POSIX classes (`[[:alpha:]]`), `\pL`, and
 * `.` as one code point. Compiled as a JavaScript regex without the `u` flag each of these was
 * taken (no "bad regex") and matched something else, hiding alerts Alertmanager's own filter
 * lists. Each matcher here is checked against the real Alertmanager's `?filter=` answer; what
 * cannot be said alike in JavaScript is refused instead, as a bad regex.
 */
import {QueryClient} from '@tanstack/query-core';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Alert} from '../../src/domain/alert.ts';
import {matchesFilter, parseAlertFilter} from '../../src/domain/alert-filter.ts';
import {alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {createAlertmanagerSource, type AlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import {postAlerts, startAlertmanagerPeer, type AlertmanagerPeer} from '../helpers/alertmanager-peer.ts';
import {alertmanagerServices} from '../helpers/real-frames.ts';

let am: AlertmanagerPeer;
let source: AlertmanagerSource;
let alerts: Alert[];

const ours = (text: string): string[] => {
  const parsed = parseAlertFilter(text);
  if (!parsed.ok) return [`refused: ${parsed.error}`];
  return alerts.filter((a) => matchesFilter(a, parsed.filter)).map((a) => a.labels.service ?? '').sort();
};

// Alertmanager's own answer to the same matcher.
async function theirs(matcher: string): Promise<string[]> {
  const res = await fetch(`${am.url}/api/v2/alerts?filter=${encodeURIComponent(matcher)}`);
  if (res.status !== 200) return [`HTTP ${res.status}`];
  return ((await res.json()) as Array<{labels: Record<string, string>}>).map((a) => a.labels.service ?? '').sort();
}

beforeAll(async () => {
  am = await startAlertmanagerPeer();
  source = createAlertmanagerSource({name: 'am', baseUrl: am.url, timeoutMs: 5000});
  await postAlerts(am.url, [
    {alertname: 'Down', service: 'checkout', team: 'payments'},
    {alertname: 'Down', service: 'search', team: 'search-2'},
    {alertname: 'Down', service: 'emoji', team: '🔥'},
    {alertname: 'Down', service: 'spaced', team: 'a\u000bb'},
  ]);
  alerts = (await new QueryClient().fetchQuery({...alertQueryOptions(alertmanagerServices(source), {intervalMs: false, now: Date.now, ackPrefix: 'ACK!'}), staleTime: 0})).alerts;
}, 60_000);
afterAll(async () => {
  await source?.close();
  await am?.cleanup();
});

describe('regex matchers match as Alertmanager (RE2) does', () => {
  const same = ['team=~"[[:alpha:]]+"', 'team=~"\\\\pL+"', 'team=~"."', 'team=~"[[:^alpha:]]+"', 'team=~"\\\\p{Latin}+-\\\\d"', 'team=~"search\\\\-2"', 'team=~"a\\\\sb"', 'team=~"[^\\\\s]+"', 'team=~"\\\\x{1F525}"', 'team=~"pay{"'];
  for (const matcher of same) {
    it(`${matcher}: the same alerts as Alertmanager lists`, async () => {
      expect(ours(matcher)).toEqual(await theirs(matcher));
    });
  }

  // Alertmanager refuses these (HTTP 400); here they are a bad regex, the pane showing every alert.
  for (const matcher of ['team=~"(?=p)payments"', 'team=~"(p)\\\\1"', 'team=~"[[:letters:]]"']) {
    it(`${matcher}: refused, as Alertmanager refuses it`, async () => {
      expect(await theirs(matcher)).toEqual(['HTTP 400']);
      expect(ours(matcher)[0]).toMatch(/^refused: invalid regex for team: /);
    });
  }
});
