import {describe, expect, it} from 'vitest';
import {parseConfig} from '../../src/config/config-load.ts';

const TEXT = `current-context: a
contexts:
  - name: a
    prometheus: {url: "http://a:9090"}
  - name: b
    prometheus: {url: "htp://b:9090"}
  - name: c
    alertmanagers: [{url: "http://c:9093", bearerTokenEnv: X, bearerTokenFile: /x}]
`;

describe('parseConfig keepGoodContexts', () => {
  it('leaves out each context entry holding errors and loads the rest', () => {
    const r = parseConfig(TEXT, 'config.yaml', {keepGoodContexts: true});
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.config.contexts.map((c) => c.name)).toEqual(['a']);
    expect(r.skipped?.map((s) => [s.name, s.index, s.errors.map((e) => `${e.line}:${e.path}`)])).toEqual([
      ['b', 1, ['6:contexts[1].prometheus.url']],
      ['c', 2, [expect.stringMatching(/^8:contexts\[2\]\.alertmanagers\[0\]/)]],
    ]);
  });

  it('without it (validation), any error fails the whole file', () => {
    const r = parseConfig(TEXT, 'config.yaml');
    expect(r.ok).toBe(false);
  });

  it('fails the whole file when no context is left, or an error lies outside the entries', () => {
    const none = parseConfig(TEXT.replace('"http://a:9090"', '"htp://a:9090"'), 'config.yaml', {keepGoodContexts: true});
    expect(none.ok).toBe(false);
    const top = parseConfig(`${TEXT}refresh: {slos: soon}\n`, 'config.yaml', {keepGoodContexts: true});
    expect(top.ok).toBe(false);
    if (!top.ok) expect(top.errors.map((e) => e.path)).toContain('contexts[1].prometheus.url');
  });
});
