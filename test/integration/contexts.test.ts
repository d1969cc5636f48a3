/**
 * Several contexts in the one-shot commands, against two real Prometheus and two real
 * Alertmanagers holding different data: prod-eu is healthy (a warning), prod-us burns its
 * checkout SLO and fires a critical alert; an alert named Shared fires in both. The merged
 * documents must be each context's own document plus `context` fields; an ack reaches only
 * the Alertmanager of the context holding the alert; a dead Prometheus marks only its context.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {main} from '../../src/cli/main.ts';
import {run, tempDir} from '../cli/cli-fixtures.ts';
import {pollUntil, postAlert, type Backends} from '../helpers/backends.ts';
import {forwardTo, startFaultProxy} from '../helpers/fault-proxy.ts';
import {activeSilences as silences, CHECKOUT_SLO as SLO, startTwoContexts, twoContextsConfig, type TwoContexts} from '../helpers/two-contexts.ts';

type Json = Record<string, unknown> & {context?: string};
type Doc = {contexts?: string[]; context: string; generatedAt: string; sources: Json[]; slos: Json[]; alerts: Json[]; deploys: Json[]; sloFileErrors: Json[]};

describe('several contexts in status, alerts, deploys and ack, against two real Prometheus and two real Alertmanagers', () => {
  let two: TwoContexts;
  let eu: Backends;
  let us: Backends;
  let end: number;
  let tmp: ReturnType<typeof tempDir>;
  let config: string;
  const env = () => ({HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`});
  const cli = (...argv: string[]) => run([...argv, '--config', config], env());
  /** `main` with the clock pinned to the last backfilled minute, where the numbers are exact. */
  const pinned = async (...argv: string[]) => {
    let out = '';
    let err = '';
    const code = await main([...argv, '--config', config], {USER: 'tester', ...env()}, {out: (t) => (out += t), err: (t) => (err += t)}, {now: () => end * 1000});
    return {code, out, err};
  };

  beforeAll(async () => {
    two = await startTwoContexts();
    ({eu, us, end} = two);
    for (const b of [eu, us]) await postAlert(b.alertmanagerUrl!, {alertname: 'Shared', severity: 'warning', service: 'dns'});
    tmp = tempDir();
    const deploys = (service: string, version: string) => JSON.stringify([{id: `${service}-${version}`, service, version, environment: 'production', status: 'success', startedAt: new Date((end - 1800) * 1000).toISOString()}]);
    tmp.write('deploys-eu.json', deploys('api', 'v7'));
    tmp.write('deploys-us.json', deploys('checkout', 'v42'));
    config = tmp.write('config.yaml', twoContextsConfig(two, {eu: '    deploys: {provider: json, file: deploys-eu.json}\n', us: '    deploys: {provider: json, file: deploys-us.json}\n'}));
  });

  afterAll(async () => {
    await two?.stop();
    tmp?.cleanup();
  });

  it('status --json --context a,b is each context\'s own document, field for field, plus the context fields; exit the worst', async () => {
    const [one, two, both, group] = await Promise.all([pinned('status', '--json', '--context', 'prod-eu'), pinned('status', '--json', '--context', 'prod-us'), pinned('status', '--json', '--context', 'prod-eu,prod-us'), pinned('status', '--json', '--context', 'prod')]);
    expect([one.code, two.code, both.code, group.code]).toEqual([0, 1, 1, 1]);
    const single = [JSON.parse(one.out) as Doc, JSON.parse(two.out) as Doc];
    const merged = JSON.parse(both.out) as Doc;
    expect(Object.keys(merged)).toEqual(['contexts', 'context', 'generatedAt', 'sources', 'slos', 'alerts', 'deploys', 'sloFileErrors']);
    expect(merged.contexts).toEqual(['prod-eu', 'prod-us']);
    expect(merged.context).toBe('prod-eu,prod-us');
    expect(merged.generatedAt).toBe(single[0]!.generatedAt);
    for (const key of ['sources', 'slos', 'alerts', 'deploys', 'sloFileErrors'] as const) {
      const expected = single.flatMap((d) => d[key].map((entry) => ({...entry, context: d.context})));
      // Alerts in the order each Alertmanager listed them: compared as sets per context.
      const sort = (xs: Json[]) => [...xs].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      expect(sort(merged[key]), key).toEqual(sort(expected));
    }
    // The data differ: prod-us pages, prod-eu does not; Shared is one entry in each context.
    expect(merged.slos.map((s) => [s.context, s.status])).toEqual([['prod-eu', 'ok'], ['prod-us', 'page']]);
    expect(merged.alerts.filter((a) => a.name === 'Shared').map((a) => a.context).sort()).toEqual(['prod-eu', 'prod-us']);
    expect(JSON.parse(group.out)).toEqual({...merged, context: 'prod'});
  });

  it('status without --json groups by context', async () => {
    const {out} = await pinned('status', '--all-contexts');
    const blocks = out.split(/^(?=context )/m);
    expect(blocks.map((b) => b.split(' ')[1])).toEqual(['prod-eu', 'prod-us']);
    expect(blocks[1]).toMatch(/PAGE +checkout-availability/);
    expect(blocks[0]).not.toMatch(/PAGE/);
  });

  it('alerts --json merges worst first, each alert naming its context; deploys --json name theirs', async () => {
    const {code, out} = await cli('alerts', '--json', '--context', 'prod');
    expect(code).toBe(0);
    const doc = JSON.parse(out) as Doc;
    expect(doc.contexts).toEqual(['prod-eu', 'prod-us']);
    expect(doc.sources.map((s) => [s.context, s.name, s.ok])).toEqual([['prod-eu', 'prometheus', true], ['prod-eu', 'am-eu', true], ['prod-us', 'prometheus', true], ['prod-us', 'am-us', true]]);
    expect(doc.alerts[0]).toMatchObject({name: 'HighErrorRate', severity: 'critical', context: 'prod-us', seenBy: ['am-us']});
    expect(doc.alerts.map((a) => `${a.context} ${a.name}`).sort()).toEqual(['prod-eu DiskFilling', 'prod-eu Shared', 'prod-us HighErrorRate', 'prod-us Shared']);
    const deploys = await pinned('deploys', '--json', '--context', 'prod-us,prod-eu');
    expect(deploys.code).toBe(0);
    const deployDoc = JSON.parse(deploys.out) as Pick<Doc, 'contexts' | 'context' | 'generatedAt' | 'sources' | 'deploys'>;
    expect(Object.keys(deployDoc)).toEqual(['contexts', 'context', 'generatedAt', 'sources', 'deploys']);
    expect(deployDoc.contexts).toEqual(['prod-us', 'prod-eu']);
    expect(deployDoc.sources.filter((s) => s.kind === 'deploys').map((s) => [s.context, s.ok])).toEqual([['prod-us', true], ['prod-eu', true]]);
    expect(deployDoc.deploys.map((d) => [d.context, d.service, d.version])).toEqual([['prod-us', 'checkout', 'v42'], ['prod-eu', 'api', 'v7']]);
  });

  it('status --at in a Prometheus that keeps no alert history says so: a source warning in --json, a note in the text; the warning fails nothing', async () => {
    // Neither Prometheus evaluates alerting rules: no ALERTS series at all.
    const live = await pinned('status', '--json', '--context', 'prod-eu');
    const past = await pinned('status', '--json', '--context', 'prod-eu', '--at', '30m');
    // Exit 3 in the past only because the Alertmanager is not read then; the warning itself fails no source.
    expect([live.code, past.code]).toEqual([0, 3]);
    const doc = JSON.parse(past.out) as Doc & {at: string};
    expect(doc.sources.filter((s) => s.ok !== true).map((s) => [s.kind, s.state])).toEqual([['alertmanager', 'not-in-past']]);
    expect(doc.at).toBe(new Date((end - 1800) * 1000).toISOString());
    expect(doc.alerts).toEqual([]);
    expect(doc.sources.find((s) => s.name === 'prometheus')).toMatchObject({ok: true, warnings: [`no alert history: no ALERTS series in the 7d up to ${doc.at}, so no alerts listed is not "nothing was firing"`]});
    const text = await pinned('status', '--context', 'prod-eu', '--at', '30m');
    expect(text.code).toBe(3);
    expect(text.out).toContain(`\n  note: prometheus: no alert history: no ALERTS series in the 7d up to ${doc.at}`);
    // Several contexts: each context's document carries its own.
    const both = JSON.parse((await pinned('status', '--json', '--context', 'prod', '--at', '30m')).out) as Doc;
    expect(both.sources.filter((s) => s.name === 'prometheus').map((s) => [s.context, (s.warnings as string[]).some((w) => w.startsWith('no alert history'))])).toEqual([['prod-eu', true], ['prod-us', true]]);
  });

  it('an unknown context or group is an error naming the config file', async () => {
    const {code, err} = await cli('status', '--context', 'prod-eu,prod-ap');
    expect(code).toBe(2);
    expect(err).toBe(`${config}: no context or group named "prod-ap" (contexts: prod-eu, prod-us; contextGroups: prod); did you mean "prod-eu"?\n`);
  });

  it('ack --context a,b with a fingerprint silences it only in the Alertmanager of the context holding it', async () => {
    const listed = JSON.parse((await cli('alerts', '--json', '--context', 'prod-us')).out) as Doc;
    const fingerprint = String(listed.alerts.find((a) => a.name === 'HighErrorRate')!.fingerprint);
    const before = (await silences(eu)).length;
    const {code, out} = await cli('ack', fingerprint, '--context', 'prod-eu,prod-us');
    expect(code).toBe(0);
    expect(out).toMatch(/^context prod-us:\nack ok for 15m/);
    expect(out).toMatch(/acked HighErrorRate .* on am-us: silence /);
    expect(await silences(us)).toHaveLength(1);
    expect(await silences(eu)).toHaveLength(before);
    // Not found in the contexts named: prod-eu alone does not hold it.
    const elsewhere = await cli('ack', fingerprint, '--context', 'prod-eu');
    expect(elsewhere.code).toBe(1);
  });

  it('two contexts on the same Prometheus and Alertmanager ask each question once', async () => {
    const asked: string[] = [];
    const counting = (upstream: string) => {
      const forward = forwardTo(upstream);
      return (req: Parameters<typeof forward>[0], body: string) => {
        asked.push(`${req.method} ${(req.url ?? '').split('?')[0]}`);
        return forward(req, body);
      };
    };
    const prom = await startFaultProxy(counting(us.prometheusUrl!), {prometheus: true});
    const am = await startFaultProxy(counting(us.alertmanagerUrl!));
    const same = (name: string) => `  - name: ${name}\n    prometheus: {url: ${prom.url}}\n    alertmanagers: [{name: am-us, url: ${am.url}}]\n${SLO}`;
    const twins = tmp.write('twins.yaml', `current-context: a\ncontexts:\n${same('a')}${same('b')}`);
    try {
      const one = await run(['status', '--json', '--config', twins, '--context', 'a'], env());
      const alone = asked.splice(0).sort();
      const both = await run(['status', '--json', '--config', twins, '--context', 'a,b'], env());
      expect(asked.sort()).toEqual(alone);
      expect(alone.length).toBeGreaterThan(2);
      const [a, b] = [JSON.parse(one.out) as Doc, JSON.parse(both.out) as Doc];
      expect(b.slos.map((s) => [s.context, s.status])).toEqual([['a', a.slos[0]!.status], ['b', a.slos[0]!.status]]);
    } finally {
      await Promise.all([prom.close(), am.close()]);
    }
  });

  it("handover over two contexts keeps each one's pages and budget apart (the same SLO name in both)", async () => {
    type Handover = {pages: Json[]; slos: Json[]};
    const handover = async (context: string) => JSON.parse((await pinned('handover', '--context', context, '--format', 'json')).out) as Handover;
    const [e, u, b] = await Promise.all([handover('prod-eu'), handover('prod-us'), handover('prod')]);
    // Each context's SLO with the budget its own handover gives it, not the other's.
    const spent = (h: Handover) => h.slos.map((x) => x['spent']);
    expect(spent(e)).not.toEqual(spent(u));
    expect(b.slos.map((x) => [x.context, x['spent']])).toEqual([...e.slos.map((x) => ['prod-eu', x['spent']]), ...u.slos.map((x) => ['prod-us', x['spent']])]);
    // prod-us' pages are its own, as in its own handover, each naming it; prod-eu's likewise.
    const pages = (h: Handover) => h.pages.map((p) => [p['name'], p['seconds'], p['ongoing']]);
    expect(b.pages.filter((p) => p.context === 'prod-us').map((p) => [p['name'], p['seconds'], p['ongoing']])).toEqual(pages(u));
    expect(b.pages.filter((p) => p.context === 'prod-eu').map((p) => [p['name'], p['seconds'], p['ongoing']])).toEqual(pages(e));
    expect(pages(u).length).toBeGreaterThan(0);
    // The Markdown names the context of each.
    const md = await pinned('handover', '--context', 'prod');
    expect(md.out).toMatch(/prod-us\/checkout-availability/);
  });

  it('a dead Prometheus fails only its own context, and its context is back once it restarts', async () => {
    await eu.stopPrometheus();
    try {
      const down = await pinned('status', '--json', '--context', 'prod');
      const doc = JSON.parse(down.out) as Doc;
      expect(doc.sources.map((s) => [s.context, s.name, s.state])).toEqual([
        ['prod-eu', 'prometheus', 'error'],
        ['prod-eu', 'am-eu', 'ok'],
        ['prod-eu', 'json', 'ok'],
        ['prod-us', 'prometheus', 'ok'],
        ['prod-us', 'am-us', 'ok'],
        ['prod-us', 'json', 'ok'],
      ]);
      expect(doc.slos.map((s) => [s.context, s.status])).toEqual([['prod-eu', 'unknown'], ['prod-us', 'page']]);
      // prod-us still pages: 1 outranks the 3 of a failed source.
      expect(down.code).toBe(1);
      // Over several contexts a failed source's note says whose it is.
      const alerts = await pinned('alerts', '--context', 'prod');
      expect(alerts.err).toMatch(/^note: context prod-eu: prometheus failed: unavailable: /m);
    } finally {
      await eu.restartPrometheus();
    }
    const back = await pollUntil(() => pinned('status', '--json', '--context', 'prod'), (r) => (JSON.parse(r.out) as Doc).sources.every((s) => s.state === 'ok'), 30_000, 'prod-eu back');
    expect((JSON.parse(back.out) as Doc).slos.map((s) => [s.context, s.status])).toEqual([['prod-eu', 'ok'], ['prod-us', 'page']]);
  });
});
