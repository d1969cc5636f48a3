/**
 * A real Alertmanager behind a stand-in that forwards every request to it (so a silence is
 * created or expired) and then, as told, withholds or cuts the answer, or answers the reads of
 * the silences that follow with a 503. Shared by the tests of acks, unacks and extensions whose
 * answer is lost: what they must never do is call such a request failed when it landed.
 */
import {randomUUID} from 'node:crypto';
import {writeFileSync} from 'node:fs';
import type http from 'node:http';
import {join} from 'node:path';
import {afterAll, beforeAll} from 'vitest';
import type {Silence} from '../../src/domain/alert.ts';
import {createAlertmanagerSource, type AlertmanagerSource} from '../../src/sources/alertmanager/alertmanager-source.ts';
import type {ContextServices} from '../../src/sources/capabilities.ts';
import {startLocalServer, type LocalServer} from '../sources/http/local-server.ts';
import {freshAckWorkspaceEachTest, type AckWorkspace} from './ack-workspace.ts';
import {startAlertmanagerPeer, type AlertmanagerPeer} from './alertmanager-peer.ts';
import {forwardTo} from './fault-proxy.ts';

/** A web server's own 404 page, as a proxy answers a path it does not route. */
export const PROXY_404_PAGE = '<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>gateway</center>\r\n</body>\r\n</html>\r\n';
const EMPTY_ID = '{"silenceID":""}';

/** How the answer of a forwarded request is lost: never sent (`hang`) or its connection cut (`drop`). */
export type Loss = {lose: number; how: 'hang' | 'drop'};

/** How the stand-in treats the next requests; set per test, reset by {@link LostAnswerRig.reset}. */
export interface Faults {
  /** POSTs of a silence forwarded whose answer is then lost. */
  posts: Loss;
  /** DELETEs of a silence (its expiry) forwarded whose answer is then lost. */
  deletes: Loss;
  /** Reads of the silences answered 503 once a POST or DELETE was forwarded. */
  readsAfterSent: number;
  /** Once a POST or DELETE was forwarded, reads of the silences leave the expired ones out, as after Alertmanager collected them. */
  collectedAfterSent: boolean;
  /**
   * DELETEs forwarded for an id the Alertmanager does not have, so its own "not found" answer
   * comes back: as when the silence went between a read of it and its expiry.
   */
  deletesFindNothing: boolean;
  /** DELETEs answered with a web server's 404 page, not forwarded: a proxy that does not route the expiry. */
  deletes404Page: boolean;
  /**
   * POSTs of a silence answered 200 with an empty silence id: `forwarded` (the silence is made,
   * the answer's id emptied) or `not-forwarded` (nothing is made).
   */
  postsEmptyId: 'forwarded' | 'not-forwarded' | null;
}

/** The Alertmanager, the stand-in in front of it and what went through it. */
export interface LostAnswerRig {
  am: AlertmanagerPeer;
  proxy: LocalServer;
  /** The Alertmanager read directly, past the stand-in. */
  direct: AlertmanagerSource;
  faults: Faults;
  /** Heals every fault and forgets the requests seen. */
  reset(): void;
  /** POSTs of a silence and DELETEs that went through the stand-in since the last reset. */
  silencePosts(): number;
  deletes(): number;
  /** The non-expired silences of `author` for `alertname`, read directly. */
  oursFor(alertname: string, author: string): Promise<Silence[]>;
  /** One context `it` with the stand-in as `am-1` (timeout 1 s): the config file's path, written in `dir`. */
  configFile(dir: string, author: string): string;
  /** Services of context `it` whose one Alertmanager, `am-1`, is reached through the stand-in. */
  services(): {services: ContextServices; close: () => Promise<void>};
  close(): Promise<void>;
}

/** Starts the Alertmanager and the stand-in; call `close` in `afterAll`. */
export async function startLostAnswerRig(): Promise<LostAnswerRig> {
  const am = await startAlertmanagerPeer();
  const direct = createAlertmanagerSource({name: 'direct', baseUrl: am.url, timeoutMs: 5000});
  const forward = forwardTo(am.url);
  const held: http.ServerResponse[] = [];
  let sent = false;
  const rig = {faults: healthy()} as LostAnswerRig;
  const proxy = await startLocalServer((req, res) => {
    const body = proxy.requests.at(-1)?.body ?? '';
    const loss = req.method === 'POST' && req.url === '/api/v2/silences' ? rig.faults.posts : req.method === 'DELETE' ? rig.faults.deletes : null;
    const isRead = req.method === 'GET' && req.url?.startsWith('/api/v2/silence');
    if (isRead && sent && rig.faults.readsAfterSent > 0) {
      rig.faults.readsAfterSent--;
      res.writeHead(503, {'content-type': 'text/plain'}).end('Service Unavailable');
      return;
    }
    if (req.method === 'DELETE' && rig.faults.deletes404Page) {
      res.writeHead(404, {'content-type': 'text/html'}).end(PROXY_404_PAGE);
      return;
    }
    if (req.method === 'POST' && rig.faults.postsEmptyId === 'not-forwarded') {
      res.writeHead(200, {'content-type': 'application/json'}).end(EMPTY_ID);
      return;
    }
    const unknownId = {url: `/api/v2/silence/${randomUUID()}`, method: 'DELETE', headers: {}} as http.IncomingMessage;
    void forward(req.method === 'DELETE' && rig.faults.deletesFindNothing ? unknownId : req, body).then(
      (answer) => {
        if (req.method === 'POST' && rig.faults.postsEmptyId === 'forwarded' && answer.status === 200) {
          res.writeHead(200, {'content-type': 'application/json'}).end(EMPTY_ID);
          return;
        }
        if (isRead && sent && rig.faults.collectedAfterSent && req.url?.startsWith('/api/v2/silences')) {
          const live = (JSON.parse(answer.body) as Array<{status?: {state?: string}}>).filter((s) => s.status?.state !== 'expired');
          res.writeHead(answer.status, {'content-type': answer.contentType}).end(JSON.stringify(live));
          return;
        }
        if (loss) sent = true;
        if (loss && loss.lose > 0) {
          loss.lose--;
          // Alertmanager did what was asked; its answer never reaches the client.
          if (loss.how === 'drop') req.socket.destroy();
          else held.push(res);
          return;
        }
        res.writeHead(answer.status, {'content-type': answer.contentType}).end(answer.body);
      },
      () => req.socket.destroy(),
    );
  });
  const count = (pred: (r: LocalServer['requests'][number]) => boolean) => () => proxy.requests.filter(pred).length;
  return Object.assign(rig, {
    am,
    proxy,
    direct,
    reset() {
      rig.faults = healthy();
      sent = false;
      proxy.requests.length = 0;
    },
    silencePosts: count((r) => r.method === 'POST' && r.url === '/api/v2/silences'),
    deletes: count((r) => r.method === 'DELETE'),
    oursFor: async (alertname: string, author: string) =>
      (await direct.listSilences()).value.filter((s) => s.state !== 'expired' && s.createdBy === author && s.matchers.some((m) => m.name === 'alertname' && m.value === alertname)),
    configFile(dir: string, author: string) {
      const path = join(dir, 'config.yaml');
      writeFileSync(path, `current-context: it\nack: {author: ${author}, commentPrefix: "ACK!"}\ncontexts:\n  - name: it\n    alertmanagers:\n      - {name: am-1, url: "${proxy.url}", timeout: 1s}\n`);
      return path;
    },
    services() {
      const source = createAlertmanagerSource({name: 'am-1', baseUrl: proxy.url, timeoutMs: 1000});
      const services: ContextServices = {context: 'it', readOnly: false, slos: [], sloReader: null, alertSources: [{name: 'am-1', kind: 'alertmanager', capabilities: source}], deploySource: null, rollbacker: null};
      return {services, close: () => source.close()};
    },
    async close() {
      for (const res of held) res.destroy();
      await direct.close();
      await proxy.close();
      await am.cleanup();
    },
  });
}

function healthy(): Faults {
  return {posts: {lose: 0, how: 'hang'}, deletes: {lose: 0, how: 'hang'}, readsAfterSent: 0, collectedAfterSent: false, deletesFindNothing: false, deletes404Page: false, postsEmptyId: null};
}

/**
 * Registers the rig for a test file: started once for the file, its faults and tallies reset
 * before each test, closed after the file; and a fresh ack workspace for each test. `use` is
 * given the rig and each test's workspace.
 */
export function lostAnswerRigEachTest(use: (rig: LostAnswerRig, workspace: AckWorkspace) => void): void {
  let rig: LostAnswerRig | undefined;
  beforeAll(async () => {
    rig = await startLostAnswerRig();
  });
  afterAll(async () => {
    await rig?.close();
  });
  freshAckWorkspaceEachTest((workspace) => {
    rig!.reset();
    use(rig!, workspace);
  });
}
