/**
 * sendHeard: a Ctrl-C that comes while the ack's answer is on its way. stop() runs async
 * (abandon → file append → drain → process.exit); meanwhile the answer arrives, send resolves,
 * the finally releases the handlers, and the command goes on to print "ack ok … acked X" — then
 * stop's process.exit(130) ends it. The terminal says both "ack ok" and "stopped … may or may not
 * have landed", the exit is 130, and the log holds `unknown` for a try Alertmanager answered 200
 * (the success is dropped as "written off").
 */
import {readFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it, vi} from 'vitest';
import {startFaultProxy, type FaultProxy} from '../helpers/fault-proxy.ts';
import {run, tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
let am: FaultProxy;
let config: string;
const started = new Date(Date.now() - 5 * 60_000).toISOString();
const alert = {labels: {alertname: 'CheckoutDown', service: 'checkout', severity: 'critical'}, annotations: {}, startsAt: started, endsAt: new Date(Date.now() + 3_600_000).toISOString(), updatedAt: started, fingerprint: 'abc123', status: {state: 'active', silencedBy: [], inhibitedBy: []}, receivers: [{name: 'pager'}], generatorURL: ''};

beforeAll(async () => {
  tmp = tempDir();
  am = await startFaultProxy(async (req) => {
    if (req.method === 'POST') {
      // Ctrl-C pressed just as the answer leaves the Alertmanager.
      process.emit('SIGINT');
      return {status: 200, contentType: 'application/json', body: JSON.stringify({silenceID: 'sil-1'})};
    }
    if (req.url!.startsWith('/api/v2/alerts')) return {status: 200, contentType: 'application/json', body: JSON.stringify([alert])};
    return {status: 200, contentType: 'application/json', body: '[]'};
  });
  config = tmp.write('c.yaml', `current-context: h\ncontexts:\n  - name: h\n    alertmanagers: [{name: am, url: "${am.url}"}]\n`);
});
afterAll(async () => {
  await am.close();
  tmp.cleanup();
});

describe('ack: Ctrl-C while the answer is on its way', () => {
  it('does not both say "ack ok" and exit 130 with the try logged unknown', async () => {
    const exits: number[] = [];
    const exit = vi.spyOn(process, 'exit').mockImplementation(((code?: number) => {
      exits.push(code ?? 0);
    }) as never);
    try {
      const r = await run(['ack', 'alertname=CheckoutDown', '--config', config], {HOME: tmp.dir, XDG_STATE_HOME: `${tmp.dir}/state`});
      await new Promise((res) => setTimeout(res, 500));
      const log = readFileSync(`${tmp.dir}/state/oncall/actions.jsonl`, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as {phase: string});
      const saidOk = /^ack ok/m.test(r.out);
      const phases = log.map((e) => e.phase);
      // What the terminal said (ack ok, silence sil-1) and what the log and exit code say must agree.
      // Today: {saidOk: true, loggedSuccess: false, exitedAsStopped: true} (log: attempt, unknown; exit 130).
      expect({saidOk, loggedSuccess: phases.includes('success'), exitedAsStopped: exits.includes(130)}).toEqual({saidOk, loggedSuccess: saidOk, exitedAsStopped: !saidOk});
    } finally {
      exit.mockRestore();
    }
  });
});
