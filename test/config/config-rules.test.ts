import {describe, expect, it} from 'vitest';
import {checkConfigRules} from '../../src/config/config-rules.ts';
import {parseConfig} from '../../src/config/config-load.ts';
import type {Finding} from '../../src/config/config-errors.ts';

const prom = {url: 'http://127.0.0.1:9090'};
const ratio = {errorQuery: 'e[{{.window}}]', totalQuery: 't[{{.window}}]'};
const latency = {bucketQuery: 'b[{{.window}}]', totalQuery: 't[{{.window}}]', threshold: '300ms'};

/** A root document with one context `prod` made of `ctx`. */
function root(ctx: Record<string, unknown>): Record<string, unknown> {
  return {'current-context': 'prod', contexts: [{name: 'prod', ...ctx}]};
}

describe('checkConfigRules', () => {
  it('finds nothing wrong in a sound document', () => {
    const slos = [{name: 'a', ...ratio}, {name: 'b', latency}];
    expect(checkConfigRules(root({prometheus: prom, slos}))).toEqual([]);
  });

  it('wants exactly one SLI per SLO', () => {
    const slos = [{name: 'both', ...ratio, latency}, {name: 'none'}, {name: 'half', errorQuery: 'e'}];
    expect(checkConfigRules(root({prometheus: prom, slos}))).toEqual([
      {path: ['contexts', 0, 'slos', 0, 'latency'], target: 'key', message: 'an SLO is either a ratio (errorQuery + totalQuery) or latency, not both'},
      {path: ['contexts', 0, 'slos', 1], message: 'SLO has no SLI; set errorQuery + totalQuery (a ratio) or latency'},
      {path: ['contexts', 0, 'slos', 2, 'totalQuery'], message: 'missing required key "totalQuery" (a ratio SLO needs errorQuery and totalQuery)'},
    ] satisfies Finding[]);
  });

  it('rejects duplicate SLO names within a context but allows them across contexts', () => {
    const slos = [{name: 'a', ...ratio}, {name: 'a', ...ratio}];
    const doc = {'current-context': 'x', contexts: [{name: 'x', prometheus: prom, slos}, {name: 'y', prometheus: prom, slos: [slos[0]]}]};
    expect(checkConfigRules(doc)).toEqual([
      {path: ['contexts', 0, 'slos', 1, 'name'], message: 'duplicate SLO name "a" (already used by contexts[0].slos[0])'},
    ]);
  });

  it('rejects two Alertmanagers with the same name, counting the host as the default name', () => {
    const alertmanagers = [{url: 'http://am:9093'}, {name: 'am:9093', url: 'http://other:9093'}];
    expect(checkConfigRules(root({alertmanagers}))).toEqual([
      {path: ['contexts', 0, 'alertmanagers', 1, 'name'], message: 'duplicate alertmanager name "am:9093" (already used by contexts[0].alertmanagers[0])'},
    ]);
  });

  it('wants a prometheus for SLOs', () => {
    const ctx = {alertmanagers: [prom], slos: [{name: 'a', ...ratio}]};
    expect(checkConfigRules(root(ctx))).toEqual([
      {path: ['contexts', 0, 'slos'], target: 'key', message: 'slos need a prometheus source in the same context'},
    ]);
  });

  it('wants a prometheus for SLO files too', () => {
    expect(checkConfigRules(root({alertmanagers: [prom], sloFiles: ['slos/*.yaml']}))).toEqual([
      {path: ['contexts', 0, 'sloFiles'], target: 'key', message: 'sloFiles need a prometheus source in the same context'},
    ]);
  });

  it('accepts a context with only a rollback provider (rollback --to needs no deploy history)', () => {
    expect(checkConfigRules(root({rollback: {provider: 'command', command: ['true']}}))).toEqual([]);
  });

  it('does not call a context sourceless when its alertmanagers are merely mistyped', () => {
    expect(checkConfigRules(root({alertmanagers: {url: 'http://am'}}))).toEqual([]);
    expect(checkConfigRules(root({alertmanagers: []}))).toEqual([
      {path: ['contexts', 0], message: 'context has no sources; configure prometheus, alertmanagers, alertSources, deploys or rollback'},
    ]);
  });

  it('enforces exclusive and required pairs of keys', () => {
    const ctx = {
      prometheus: {...prom, bearerTokenEnv: 'A', bearerTokenFile: 'f', basicAuth: {username: 'u'}},
      deploys: {provider: 'argocd', apiUrl: 'https://argocd', tokenEnv: 'T', tokenFile: 't'},
      rollback: {provider: 'webhook', url: 'https://hook', secretEnv: 'S', secretFile: 's'},
    };
    expect(checkConfigRules(root(ctx))).toEqual([
      {path: ['contexts', 0, 'prometheus', 'bearerTokenFile'], target: 'key', message: 'set only one of bearerTokenEnv or bearerTokenFile'},
      {path: ['contexts', 0, 'prometheus', 'basicAuth'], target: 'key', message: 'set either a bearer token or basicAuth, not both'},
      {path: ['contexts', 0, 'prometheus', 'basicAuth'], message: 'set one of passwordEnv or passwordFile'},
      {path: ['contexts', 0, 'deploys', 'tokenFile'], target: 'key', message: 'set only one of tokenEnv or tokenFile'},
      {path: ['contexts', 0, 'deploys'], message: 'set one of app or project'},
      {path: ['contexts', 0, 'rollback', 'secretFile'], target: 'key', message: 'set only one of secretEnv or secretFile'},
    ] satisfies Finding[]);
  });

  it('wants exactly one of url or file for JSON deploys', () => {
    expect(checkConfigRules(root({deploys: {provider: 'json'}}))).toEqual([{path: ['contexts', 0, 'deploys'], message: 'set one of url or file'}]);
    expect(checkConfigRules(root({deploys: {provider: 'json', url: 'http://x', file: 'd.json'}}))).toEqual([
      {path: ['contexts', 0, 'deploys', 'file'], target: 'key', message: 'set only one of url or file'},
    ]);
  });

  it('asks for the correlation input only when the deploy history can list the rollback\'s own runs', () => {
    const deploys = {provider: 'github', repo: 'acme/shop', workflow: 'deploy.yml'};
    const rollback = {provider: 'github-actions', repo: 'Acme/Shop', workflow: 'deploy.yml', ref: 'refs/heads/release'};
    const finding = {path: ['contexts', 0, 'rollback', 'workflow'], message: expect.stringContaining('add oncall_request_id to rollback.inputs') as unknown as string};
    expect(checkConfigRules(root({deploys, rollback}))).toEqual([finding]);
    expect(checkConfigRules(root({deploys: {...deploys, branch: 'release', event: 'workflow_dispatch'}, rollback}))).toEqual([finding]);
    // Filters that leave the rollback's dispatch runs out, another workflow, or no workflow at all.
    expect(checkConfigRules(root({deploys: {...deploys, branch: 'main'}, rollback}))).toEqual([]);
    expect(checkConfigRules(root({deploys: {...deploys, event: 'push'}, rollback}))).toEqual([]);
    expect(checkConfigRules(root({deploys, rollback: {...rollback, workflow: 'rollback.yml'}}))).toEqual([]);
    expect(checkConfigRules(root({deploys: {provider: 'github', repo: 'acme/shop'}, rollback}))).toEqual([]);
    expect(checkConfigRules(root({deploys, rollback: {...rollback, inputs: {oncall_request_id: 'x'}}}))).toEqual([]);
  });

  it('says what to set when there are no contexts to name', () => {
    expect(checkConfigRules({contexts: []})).toEqual([
      {path: ['current-context'], message: 'missing required key "current-context"; set it to the name of the context to show first'},
    ]);
  });

  it('ignores documents that are not mappings (the schema reports those)', () => {
    expect(checkConfigRules(['a'])).toEqual([]);
    expect(checkConfigRules(null)).toEqual([]);
  });
});

describe('rule errors through parseConfig', () => {
  it('point at the offending line and suppress the schema error for the same key', () => {
    const text = 'contexts:\n  - name: prod\n    prometheus: {url: http://x}\n';
    const result = parseConfig(text, 'c.yaml');
    expect(result).toEqual({
      ok: false,
      errors: [{file: 'c.yaml', line: 1, column: 1, path: 'current-context', message: 'missing required key "current-context"; set it to one of the contexts: prod'}],
    });
  });
});

describe('checkConfigRules: contextGroups', () => {
  const two = {'current-context': 'prod-eu', contexts: [{name: 'prod-eu', prometheus: prom}, {name: 'prod-us', prometheus: prom}]};

  it('accepts groups of known contexts', () => {
    expect(checkConfigRules({...two, contextGroups: {prod: ['prod-eu', 'prod-us']}})).toEqual([]);
  });

  it('names the member that is no context, with a close match', () => {
    expect(checkConfigRules({...two, contextGroups: {prod: ['prod-eu', 'prod-uss']}})).toEqual([
      {path: ['contextGroups', 'prod', 1], message: '"prod-uss" names no context (did you mean "prod-us"?); known contexts: prod-eu, prod-us'},
    ] satisfies Finding[]);
  });

  it('refuses a group named like a context, or *', () => {
    expect(checkConfigRules({...two, contextGroups: {'prod-eu': ['prod-us'], '*': ['prod-eu']}})).toEqual([
      {path: ['contextGroups', 'prod-eu'], target: 'key', message: 'group "prod-eu" has the name of a context; --context prod-eu would mean both'},
      {path: ['contextGroups', '*'], target: 'key', message: 'a group name "*" cannot be * or hold a comma (they select several contexts on the command line)'},
    ] satisfies Finding[]);
  });

  it('refuses a context name --context cannot select: one with a comma, or *', () => {
    const contexts = [{name: 'eu,west', prometheus: prom}, {name: '*', prometheus: prom}, {name: 'prod-us', prometheus: prom}];
    expect(checkConfigRules({'current-context': 'prod-us', contexts})).toEqual([
      {path: ['contexts', 0, 'name'], message: 'a context name "eu,west" cannot be * or hold a comma (they select several contexts on the command line)'},
      {path: ['contexts', 1, 'name'], message: 'a context name "*" cannot be * or hold a comma (they select several contexts on the command line)'},
    ] satisfies Finding[]);
  });

  it('refuses a context or group name with a space at either end (selection trims what it reads)', () => {
    // `oncall config validate` said "valid", then every command failed with `no context named
    // "prod" …; did you mean "prod "?`.
    const contexts = [{name: 'prod ', prometheus: prom}, {name: ' dev', prometheus: prom}];
    const why = 'cannot start or end with a space (the command line and current-context are read trimmed, so it could never be selected)';
    expect(checkConfigRules({'current-context': 'prod ', contexts, contextGroups: {'eu ': [' dev']}})).toEqual([
      {path: ['contexts', 0, 'name'], message: `a context name "prod " ${why}`},
      {path: ['contexts', 1, 'name'], message: `a context name " dev" ${why}`},
      {path: ['contextGroups', 'eu '], target: 'key', message: `a group name "eu " ${why}`},
    ] satisfies Finding[]);
    const result = parseConfig('current-context: "prod "\ncontexts:\n  - name: "prod "\n    prometheus: {url: http://127.0.0.1:9090}\n', 'config.yaml');
    expect(result.ok).toBe(false);
  });

  it('reports a context named with a comma through the loader, with file, line and path', () => {
    const text = `current-context: "eu,west"\ncontexts:\n  - name: "eu,west"\n    prometheus: {url: 'http://p:9090'}\n  - name: staging\n    prometheus: {url: 'http://s:9090'}\n`;
    const result = parseConfig(text, '/etc/oncall/config.yaml');
    expect(result.ok ? [] : result.errors.map((e) => [e.file, e.line, e.path, e.message])).toEqual([
      ['/etc/oncall/config.yaml', 3, 'contexts[0].name', 'a context name "eu,west" cannot be * or hold a comma (they select several contexts on the command line)'],
    ]);
  });

  it('refuses a context or group name holding a control or invisible character: it is printed', () => {
    // A shared config's `prod\e]52;c;…\a` was valid, and `config validate`, `--context typo` and
    // the note on a broken context printed it raw: a clipboard write, a clear screen.
    const contexts = [{name: 'prod\x1b]52;c;aGk=\x07', prometheus: prom}, {name: 'stg\u202e', prometheus: prom}, {name: 'dev\u200b', prometheus: prom}, {name: 'ok', prometheus: prom}];
    const why = 'cannot hold control or invisible characters (ESC, BEL, a bidi override, a zero-width space): it is printed in messages and headers';
    expect(checkConfigRules({'current-context': 'ok', contexts, contextGroups: {'eu\x9b': ['ok']}})).toEqual([
      {path: ['contexts', 0, 'name'], message: `a context name "prod\\u001b]52;c;aGk=\\u0007" ${why}`, ownEntry: true},
      {path: ['contexts', 1, 'name'], message: `a context name "stg\u202e" ${why}`, ownEntry: true},
      {path: ['contexts', 2, 'name'], message: `a context name "dev\u200b" ${why}`, ownEntry: true},
      {path: ['contextGroups', 'eu\x9b'], target: 'key', message: `a group name "eu\x9b" ${why}`, ownEntry: true},
    ] satisfies Finding[]);
    // A zero-width joiner or non-joiner is invisible too, even where it joins an emoji sequence or
    // a Persian word (documented: spell the name without it).
    for (const name of ['👩\u200d💻-dev', 'می\u200cخواهم']) expect(checkConfigRules({'current-context': 'ok', contexts: [{name, prometheus: prom}, {name: 'ok', prometheus: prom}]})).toHaveLength(1);
    // Names in other scripts, and an emoji with its selector, are names like any other.
    expect(checkConfigRules({'current-context': '東京', contexts: [{name: '東京', prometheus: prom}, {name: 'prod-🔥', prometheus: prom}, {name: 'eu-❤️', prometheus: prom}]})).toEqual([]);
  });

  it('names the file and the path of a context name with an escape, through the loader', () => {
    const text = `current-context: ok\ncontexts:\n  - name: ok\n    prometheus: {url: 'http://p:9090'}\n  - name: "stg\\e[2J"\n    prometheus: {url: 'http://s:9090'}\n`;
    const result = parseConfig(text, '/etc/oncall/config.yaml');
    expect(result.ok ? [] : result.errors.map((e) => [e.file, e.line, e.path])).toEqual([['/etc/oncall/config.yaml', 5, 'contexts[1].name']]);
    // The name still selects that context alone: the others load, as with any mistake of its own.
    const kept = parseConfig(text, '/etc/oncall/config.yaml', {keepGoodContexts: true});
    expect(kept.ok ? [kept.config.contexts.map((c) => c.name), kept.skipped?.map((s) => [s.index, s.errors.map((e) => e.path)])] : null).toEqual([['ok'], [[1, ['contexts[1].name']]]]);
  });

  it('reports a bad group through the loader with the file and line', () => {
    const text = `current-context: a\ncontexts:\n  - {name: a, prometheus: {url: 'http://127.0.0.1:9090'}}\ncontextGroups:\n  g: [a, staging]\n`;
    const result = parseConfig(text, 'config.yaml');
    expect(result.ok ? [] : result.errors.map((e) => [e.file, e.line, e.path, e.message])).toEqual([['config.yaml', 5, 'contextGroups.g[1]', '"staging" names no context; known contexts: a']]);
  });
});
