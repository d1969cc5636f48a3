/**
 * The context of the ack integration tests: one Alertmanager source per URL (`ha-1`, `ha-2` …,
 * declared one cluster when `cluster` is given), and its alerts read as the dashboard reads them.
 */
import type {QueryClient} from '@tanstack/query-core';
import type {Alert} from '../../src/domain/alert.ts';
import {alertQueryOptions} from '../../src/queries/alert-queries.ts';
import {createAlertmanagerSource, type AlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';

/** The context `it` with a source named `<stem>-<n>` per URL; each adapter is pushed on `opened` (to close). */
export function alertmanagerServices(urls: readonly string[], opened: AlertmanagerSource[], opts: {stem: string; cluster?: string}): ContextServices {
  const alertSources = urls.map((url, i) => {
    const capabilities = createAlertmanagerSource({name: `${opts.stem}-${i + 1}`, baseUrl: url, timeoutMs: 2000});
    opened.push(capabilities);
    return {name: `${opts.stem}-${i + 1}`, kind: 'alertmanager' as const, capabilities, ...(opts.cluster === undefined ? {} : {cluster: opts.cluster})};
  });
  return {context: 'it', readOnly: false, slos: [], sloReader: null, alertSources, deploySource: null, rollbacker: null};
}

/** The alerts of `services` read once now (ack prefix `ACK!`). */
export async function alertsNow(client: QueryClient, services: ContextServices): Promise<Alert[]> {
  return (await client.fetchQuery({...alertQueryOptions(services, {intervalMs: false, now: () => Date.now(), ackPrefix: 'ACK!'}), staleTime: 0})).alerts;
}
