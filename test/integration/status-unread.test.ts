/**
 * `oncall status` never says "all clear" for what it could not read, against a real Prometheus
 * and Alertmanager: SLOs read from a partial response (a front that adds Thanos' warning to the
 * real answer), a Prometheus that is a context's alert source and is down, an SLO file that does
 * not load. Each is exit 3 (nothing pages in what was read) and said in the text and the JSON.
 */
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {freePort} from '../../scripts/backends.ts';
import {run, tempDir} from '../cli/cli-fixtures.ts';
import {startTestBackends, type Backends} from '../helpers/backends.ts';
import {forwardTo, startFaultProxy, type FaultProxy} from '../helpers/fault-proxy.ts';

// Traffic and no errors at every window, whatever the server holds: the SLO reads `ok`.
const SLO = `    slos:
      - {name: api-availability, service: api, objective: 99.9, window: 30d,
         errorQuery: 'sum(count_over_time(vector(1)[{{.window}}:1h])) * 0',
         totalQuery: 'sum(count_over_time(vector(1)[{{.window}}:1h]))'}
`;

// A Sloth spec with a typo: the objective written with a decimal comma.
const BROKEN_SLO_FILE = `version: "prometheus/v1"
service: "checkout"
slos:
  - name: "availability"
    objective: "99,9"
    sli:
      events:
        error_query: sum(rate(e[{{.window}}]))
        total_query: sum(rate(t[{{.window}}]))
`;

// PromQL's own warning-level annotation, sent in `warnings`: about the data read, none left out.
const MIXED = 'PromQL warning: encountered a mix of histograms and floats for metric name "http_requests_total"';
const PARTIAL = 'partial response: receive-2.eu: rpc error: code = Unavailable desc = connection refused';

interface SourceEntry {
  name: string;
  ok: boolean;
  partial: boolean;
  alerts: boolean;
  warnings: string[];
}

describe('status says what it could not read, against real backends', () => {
  let backends: Backends;
  let refused: string;
  // Fronts of the real Prometheus: one adds a partial-response warning to every query answer, one an info annotation.
  let partial: FaultProxy;
  let infos: FaultProxy;
  let mixed: FaultProxy;
  let tmp: ReturnType<typeof tempDir>;
  let config: string;

  const env = () => ({HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`});
  const cli = (...argv: string[]) => run([...argv, '--config', config], env());

  beforeAll(async () => {
    backends = await startTestBackends();
    refused = `http://127.0.0.1:${await freePort()}`;
    const forward = forwardTo(backends.prometheusUrl!);
    const adding = (field: 'warnings' | 'infos', text: string) => async (req: Parameters<typeof forward>[0], body: string) => {
      const answer = await forward(req, body);
      if (!(req.url ?? '').startsWith('/api/v1/query')) return answer;
      return {...answer, body: JSON.stringify({...(JSON.parse(answer.body) as object), [field]: [text]})};
    };
    partial = await startFaultProxy(adding('warnings', PARTIAL), {prometheus: true});
    infos = await startFaultProxy(adding('infos', 'PromQL info: metric might not be a counter'), {prometheus: true});
    mixed = await startFaultProxy(adding('warnings', MIXED), {prometheus: true});
  });

  afterAll(async () => {
    await partial?.close();
    await infos?.close();
    await mixed?.close();
    await backends?.stop();
  });

  beforeEach(() => {
    tmp = tempDir();
    tmp.write('slos/checkout.yaml', BROKEN_SLO_FILE);
    config = tmp.write(
      'config.yaml',
      `current-context: partial
contexts:
  - name: partial
    prometheus: {url: ${partial.url}, partialResponse: true}
${SLO}  - name: infos
    prometheus: {url: ${infos.url}}
${SLO}  - name: promql-warning
    prometheus: {url: ${mixed.url}}
${SLO}  - name: prom-only-down
    prometheus: {url: ${refused}}
  - name: pending-down
    prometheus: {url: ${refused}}
    alertmanagers: [{name: am-1, url: ${backends.alertmanagerUrl}}]
  - name: slo-file
    prometheus: {url: ${backends.prometheusUrl}}
    sloFiles: [slos/*.yaml]
`,
    );
  });

  afterEach(() => {
    tmp.cleanup();
  });

  it('SLOs read from a partial response: 3, the source and each SLO marked partial, the text says PARTIAL', async () => {
    const json = await cli('status', '--json');
    const doc = JSON.parse(json.out) as {sources: SourceEntry[]; slos: Array<{name: string; status: string; partial: boolean}>};
    expect(doc.sources.map((s) => [s.name, s.ok, s.partial, s.warnings])).toEqual([['prometheus', true, true, [PARTIAL]]]);
    expect(doc.slos.map((s) => [s.name, s.status, s.partial])).toEqual([['api-availability', 'ok', true]]);
    expect(json.code).toBe(3);
    const text = await cli('status');
    expect(text.out).toContain('\nsources: prometheus PARTIAL ');
    expect(text.out).toContain('\nSLOs: 0 page, 0 ticket, 1 ok, 0 no data, 1 read in part\n');
    expect(text.out).toContain('\n  ok (partial) api-availability ');
    expect(text.code).toBe(3);
  });

  it('an info annotation is a note, not a partial answer: 0', async () => {
    const {code, out} = await cli('status', '--json', '--context', 'infos');
    const doc = JSON.parse(out) as {sources: SourceEntry[]; slos: Array<{status: string; partial: boolean}>};
    expect(doc.sources.map((s) => [s.partial, s.warnings])).toEqual([[false, ['PromQL info: metric might not be a counter']]]);
    expect(doc.slos.map((s) => [s.status, s.partial])).toEqual([['ok', false]]);
    expect(code).toBe(0);
  });

  it('a PromQL warning annotation is a note, not a partial answer: 0', async () => {
    const {code, out} = await cli('status', '--json', '--context', 'promql-warning');
    const doc = JSON.parse(out) as {sources: SourceEntry[]; slos: Array<{status: string; partial: boolean}>};
    expect(doc.sources.map((s) => [s.partial, s.warnings])).toEqual([[false, [MIXED]]]);
    expect(doc.slos.map((s) => [s.status, s.partial])).toEqual([['ok', false]]);
    expect(code).toBe(0);
  });

  it('a Prometheus that is the only alert source, down: alerts UNKNOWN, not "0 firing"', async () => {
    const text = await cli('status', '--context', 'prom-only-down');
    expect(text.out).toContain('\nAlerts: UNKNOWN, no alert source could be read (prometheus)\n');
    expect(text.code).toBe(3);
    const doc = JSON.parse((await cli('status', '--json', '--context', 'prom-only-down')).out) as {sources: SourceEntry[]};
    expect(doc.sources.map((s) => [s.name, s.ok, s.alerts])).toEqual([['prometheus', false, true]]);
  });

  it('a Prometheus down beside an Alertmanager that answered: its pending alerts are named as not counted', async () => {
    const text = await cli('status', '--context', 'pending-down');
    expect(text.out).toMatch(/\nAlerts: \d+ firing \(\d+ critical unacked\), \d+ pending or suppressed · not read: prometheus \(its alerts are not counted\)\n/);
    expect(text.code).toBe(3);
  });

  it('an SLO file that does not load: listed in sloFileErrors and the text, exit 3, not an empty all clear', async () => {
    const json = await cli('status', '--json', '--context', 'slo-file');
    const doc = JSON.parse(json.out) as {slos: unknown[]; sloFileErrors: Array<{file: string; error: string}>};
    expect(doc.slos).toEqual([]);
    expect(doc.sloFileErrors).toHaveLength(1);
    expect(doc.sloFileErrors[0]!.file).toMatch(/slos\/checkout\.yaml$/);
    expect(doc.sloFileErrors[0]!.error).toMatch(/objective/);
    expect(json.code).toBe(3);
    const text = await cli('status', '--context', 'slo-file');
    expect(text.out).toMatch(/\nSLOs: 0 page, 0 ticket, 0 ok, 0 no data · not loaded: \S*slos\/checkout\.yaml \(their SLOs are not counted\)\n {2}NOT LOADED \S*slos\/checkout\.yaml: .*objective/);
    expect(text.code).toBe(3);
  });

  it('over several contexts each SLO file error names its context, and the exit code is the worst', async () => {
    const {code, out} = await cli('status', '--json', '--context', 'infos,slo-file');
    const doc = JSON.parse(out) as {sloFileErrors: Array<{context: string; file: string}>};
    expect(doc.sloFileErrors.map((e) => e.context)).toEqual(['slo-file']);
    expect(code).toBe(3);
  });
});
