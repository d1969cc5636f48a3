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

  it('leaves out a group whose name holds an invisible character, keeping its members to refuse it by', () => {
    const text = `${TEXT.replace('"htp://b:9090"', '"http://b:9090"').replace(', bearerTokenFile: /x', '')}contextGroups:\n  "ab\\u200b": [a, b]\n  bc: [b, c]\n`;
    const r = parseConfig(text, 'config.yaml', {keepGoodContexts: true});
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.config.contextGroups).toEqual({bc: ['b', 'c']});
    expect(r.skippedGroups?.map((g) => [g.name, g.members, g.errors.map((e) => `${e.line}:${e.path}`)])).toEqual([['ab\u200b', ['a', 'b'], ['10:contextGroups["ab\u200b"]']]]);
    // A group whose name would select several contexts still stops the file.
    expect(parseConfig(text.replace('bc:', '"b,c":'), 'config.yaml', {keepGoodContexts: true}).ok).toBe(false);
  });
});
