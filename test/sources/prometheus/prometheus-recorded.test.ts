import {MockAgent} from 'undici';
import {describe, expect, it} from 'vitest';
import type {RecordedSlo} from '../../../src/domain/recorded-rules.ts';
import type {SloDefinition} from '../../../src/domain/slo.ts';
import {SourceFailure, type Sourced} from '../../../src/sources/capabilities.ts';
import {createRecordedDiscovery, RECORDED_TTL_MS} from '../../../src/sources/prometheus/prometheus-recorded.ts';
import {createPrometheusSource} from '../../../src/sources/prometheus/prometheus-source.ts';

const ORIGIN = 'http://prom.test:9090';
const JSON_HEADERS = {headers: {'content-type': 'application/json'}};
const FOUND: RecordedSlo[] = [{kind: 'sloth', id: 'pay-availability', selector: 'sloth_id="pay-availability"', windows: ['5m', '1h']}];

function slo(name: string, source: SloDefinition['source']): SloDefinition {
  return {name, service: 'pay', objective: 99.9, window: '30d', source, sli: {kind: 'ratio', errorQuery: 'e[{{.window}}]', totalQuery: 't[{{.window}}]'}};
}

describe('createRecordedDiscovery', () => {
  it('asks only when a Sloth or Pyrra SLO is present, then caches for the TTL', async () => {
    let clock = 0;
    let calls = 0;
    const discovery = createRecordedDiscovery(async (): Promise<Sourced<RecordedSlo[]>> => {
      calls++;
      return {value: FOUND, warnings: []};
    }, () => clock);
    expect(await discovery.apply([slo('pay-availability', 'native')])).toEqual({slos: [slo('pay-availability', 'native')], warnings: []});
    expect(calls).toBe(0);
    const first = await discovery.apply([slo('pay-availability', 'sloth')]);
    expect(first.slos[0]?.recorded).toEqual({kind: 'sloth', selector: 'sloth_id="pay-availability"', windows: ['5m', '1h']});
    clock = RECORDED_TTL_MS - 1;
    await Promise.all([discovery.apply([slo('pay-availability', 'sloth')]), discovery.apply([slo('pay-availability', 'sloth')])]);
    expect(calls).toBe(1);
    clock = RECORDED_TTL_MS;
    await discovery.apply([slo('pay-availability', 'sloth')]);
    expect(calls).toBe(2);
  });

  it('recomputes with a warning when the rules cannot be read; retries only after a network failure', async () => {
    let calls = 0;
    let failure: Error = new SourceFailure('unavailable', 'connection refused');
    const discovery = createRecordedDiscovery(async () => {
      calls++;
      throw failure;
    }, () => 0);
    const first = await discovery.apply([slo('pay-availability', 'sloth')]);
    expect(first).toEqual({
      slos: [slo('pay-availability', 'sloth')],
      warnings: ['recording rules not readable (connection refused): Sloth/Pyrra SLOs recomputed from their queries'],
    });
    failure = new SourceFailure('bad-response', 'HTTP 404 Not Found');
    await discovery.apply([slo('pay-availability', 'sloth')]);
    expect(calls).toBe(2);
    // A server without a rules API is not asked again within the TTL.
    await discovery.apply([slo('pay-availability', 'sloth')]);
    expect(calls).toBe(2);
  });

  it('says why on every refresh recomputed because of a remembered failure, until a read succeeds', async () => {
    let clock = 0;
    let calls = 0;
    let fail = true;
    const discovery = createRecordedDiscovery(async (): Promise<Sourced<RecordedSlo[]>> => {
      calls++;
      if (fail) throw new SourceFailure('bad-response', 'HTTP 404 Not Found');
      return {value: FOUND, warnings: []};
    }, () => clock);
    const sloth = [slo('pay-availability', 'sloth')];
    const warning = (when: string) => `recording rules not readable (HTTP 404 Not Found; ${when}): Sloth/Pyrra SLOs recomputed from their queries`;
    expect((await discovery.apply(sloth)).warnings).toEqual([warning('asked again in 10m')]);
    clock = 4 * 60_000;
    expect(await discovery.apply(sloth)).toEqual({slos: sloth, warnings: [warning('read failed 4m ago; asked again in 6m')]});
    clock = RECORDED_TTL_MS - 30_000;
    expect((await discovery.apply(sloth)).warnings).toEqual([warning('read failed 9m ago; asked again in 1m')]);
    expect(calls).toBe(1);
    // SLOs that read no recording rules at all are not concerned by the failure.
    expect((await discovery.apply([slo('pay-availability', 'native')])).warnings).toEqual([]);
    fail = false;
    clock = RECORDED_TTL_MS;
    const recovered = await discovery.apply(sloth);
    expect(recovered.warnings).toEqual([]);
    expect(recovered.slos[0]?.recorded).toBeDefined();
    clock = RECORDED_TTL_MS + 60_000;
    expect((await discovery.apply(sloth)).warnings).toEqual([]);
    expect(calls).toBe(2);
  });
});

describe('createPrometheusSource: discoverRecordedSlos', () => {
  it('reads recording rules with type=record and decodes them', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent
      .get(ORIGIN)
      .intercept({path: '/api/v1/rules?type=record', method: 'GET'})
      .reply(200, {status: 'success', data: {groups: [{name: 'g', rules: [{name: 'slo:sli_error:ratio_rate5m', labels: {sloth_id: 'pay-availability'}, type: 'recording', health: 'ok'}]}]}}, JSON_HEADERS);
    const source = createPrometheusSource({name: 'prom', baseUrl: ORIGIN, dispatcher: agent});
    expect(await source.discoverRecordedSlos()).toEqual({value: [{...FOUND[0], windows: ['5m']}], warnings: []});
  });

  it('does not ask when discovery is off', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const source = createPrometheusSource({name: 'prom', baseUrl: ORIGIN, dispatcher: agent, recordedRules: 'off'});
    agent
      .get(ORIGIN)
      .intercept({path: '/api/v1/query', method: 'POST'})
      .reply(200, {status: 'success', data: {resultType: 'vector', result: []}}, JSON_HEADERS);
    const {value} = await source.readRatios([slo('pay-availability', 'sloth')], ['5m'], 0);
    expect(value).toEqual([{slo: 'pay-availability', at: 0, ratios: [{window: '5m', ratio: null, origin: 'computed from the SLI queries'}]}]);
  });
});
