/**
 * `alerts --json`'s `source` field: which kind of backend an alert came from, decided by the
 * kinds of the sources that saw it, so a script's `select(.source == …)` finds each alert.
 */
import {describe, expect, it} from 'vitest';
import {alertJson} from '../../src/cli/alert-commands.ts';
import type {Alert} from '../../src/domain/alert.ts';

const runtimeWith = (sources: Array<{name: string; kind: string}>) =>
  ({composed: {services: {context: 'prod', alertSources: sources}}, settings: {runbookTemplate: undefined}}) as unknown as Parameters<typeof alertJson>[0];

const alert = (seenBy: string[]): Alert =>
  ({fingerprint: 'f1', name: 'HighLatency', labels: {alertname: 'HighLatency'}, annotations: {}, state: 'firing', severity: 'critical', startsAt: null, seenBy, ack: null, partialAck: null, incident: null}) as unknown as Alert;

describe('alerts --json source', () => {
  it('says grafana for a Grafana-managed alert, read through Grafana\'s Alertmanager API', () => {
    const json = alertJson(runtimeWith([{name: 'grafana-prod', kind: 'grafana'}]));
    expect(json(alert(['grafana-prod'])).source).toBe('grafana');
  });

  it('says alertmanager when an Alertmanager saw it too, and prometheus for a pending alert only Prometheus read', () => {
    const json = alertJson(runtimeWith([{name: 'grafana-prod', kind: 'grafana'}, {name: 'am', kind: 'alertmanager'}]));
    expect(json(alert(['grafana-prod', 'am'])).source).toBe('alertmanager');
    expect(json(alert(['prometheus'])).source).toBe('prometheus');
  });
});
