import {describe, expect, it} from 'vitest';
import {plainAlertReads, selectedAlertmanagers} from '../../src/cli/alerts-prefetch.ts';

const reads = (paths: string[], root: string, headers: Record<string, string> = {}, timeoutMs = 10_000) =>
  paths.map((p) => ({url: `${root}${p}`, headers: {accept: 'application/json', ...headers}, timeoutMs}));
const BOTH = ['/api/v2/alerts', '/api/v2/silences'];

describe('plainAlertReads', () => {
  it('reads an entry as its client would send: root, path prefix, headers, timeout', () => {
    expect(plainAlertReads({name: 'am', url: 'http://am:9093'})).toEqual(reads(BOTH, 'http://am:9093'));
    // How long it keeps silences changes no request.
    expect(plainAlertReads({name: 'am', url: 'http://am:9093', silenceRetention: '14d'})).toEqual(reads(BOTH, 'http://am:9093'));
    expect(plainAlertReads({url: 'https://mimir.example/base/', pathPrefix: '/alertmanager/', headers: {'X-Scope-OrgID': 't1'}, timeout: '1m', cluster: 'eu', insecureSkipVerify: false})).toEqual(
      reads(BOTH, 'https://mimir.example/base/alertmanager', {'X-Scope-OrgID': 't1'}, 60_000),
    );
  });

  it('sends nothing early for an entry whose client would add anything (credentials, a CA, no TLS check) or that is not valid', () => {
    for (const entry of [
      {url: 'http://am:9093', bearerTokenEnv: 'TOKEN'},
      {url: 'http://am:9093', bearerTokenFile: '/t'},
      {url: 'http://am:9093', basicAuth: {username: 'u', passwordEnv: 'P'}},
      {url: 'http://am:9093', caFile: '/ca.pem'},
      {url: 'http://am:9093', insecureSkipVerify: true},
      {url: 'http://user:pw@am:9093'},
      {url: 'ftp://am'},
      {url: 'not a url'},
      {url: 'http://am:9093', timeout: 'soon'},
      {url: 'http://am:9093', headers: {a: 1}},
      {url: 'http://am:9093', pathPrefix: 'no-slash'},
      {url: 'http://am:9093', unknownKey: true},
      {name: 'no url'},
      'http://am:9093',
      null,
    ]) {
      expect(plainAlertReads(entry), JSON.stringify(entry)).toBeNull();
    }
  });
});

describe('selectedAlertmanagers', () => {
  const raw = {
    'current-context': 'eu',
    contextGroups: {prod: ['us', 'eu']},
    contexts: [
      {name: 'eu', alertmanagers: [{url: 'http://eu'}]},
      {name: 'us', alertmanagers: [{url: 'http://us-1'}, {url: 'http://us-2'}]},
      {name: 'dev'},
    ],
  };
  const urls = (args: {context?: string; allContexts?: boolean}) => selectedAlertmanagers(raw, args).map((e) => (e as {url: string}).url);

  it('follows the command line as the command will: current context, names, a group, *, all', () => {
    expect(urls({})).toEqual(['http://eu']);
    expect(urls({context: 'us'})).toEqual(['http://us-1', 'http://us-2']);
    expect(urls({context: 'prod'})).toEqual(['http://us-1', 'http://us-2', 'http://eu']);
    expect(urls({context: 'dev,eu'})).toEqual(['http://eu']);
    expect(urls({context: '*'})).toEqual(['http://eu', 'http://us-1', 'http://us-2']);
    expect(urls({allContexts: true})).toEqual(['http://eu', 'http://us-1', 'http://us-2']);
  });

  it('selects nothing when the selection or the file is not what the command would accept', () => {
    expect(urls({context: 'nope'})).toEqual([]);
    expect(selectedAlertmanagers({contexts: raw.contexts}, {})).toEqual([]);
    expect(selectedAlertmanagers({...raw, contextGroups: {prod: 'eu'}}, {})).toEqual([]);
    expect(selectedAlertmanagers([], {})).toEqual([]);
    expect(selectedAlertmanagers('text', {})).toEqual([]);
  });
});
