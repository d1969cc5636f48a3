import {createHash} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {compileRelabelRegex} from '../../src/domain/alert-relabel-regex.ts';
import {compileRelabelRules, describeRelabelProblem, relabel} from '../../src/domain/alert-relabel.ts';

const md5 = (value: string): Uint8Array => createHash('md5').update(value, 'utf8').digest();

const LABELS = {alertname: 'DiskFull', instance: 'db-1:9100', severity: 'Warning', replica: 'B', cluster: 'eu-1'};

/** Compiles rules that must all be valid, then applies them. */
function apply(raw: unknown[], labels: Record<string, string> = LABELS) {
  const {rules, problems} = compileRelabelRules(raw);
  expect(problems).toEqual([]);
  return relabel(labels, rules, md5);
}

describe('relabel', () => {
  it('labeldrop removes the labels whose name matches', () => {
    expect(apply([{action: 'labeldrop', regex: 'replica'}])).toEqual({alertname: 'DiskFull', instance: 'db-1:9100', severity: 'Warning', cluster: 'eu-1'});
    expect(apply([{action: 'labeldrop', regex: 'replica|cluster'}])).toEqual({alertname: 'DiskFull', instance: 'db-1:9100', severity: 'Warning'});
  });

  it('labelkeep keeps only the labels whose name matches', () => {
    expect(apply([{action: 'labelkeep', regex: 'alertname|severity'}])).toEqual({alertname: 'DiskFull', severity: 'Warning'});
  });

  it('replace joins the source labels with the separator and expands the replacement', () => {
    expect(apply([{source_labels: ['cluster', 'replica'], separator: '/', regex: '(.+)/(.+)', target_label: 'origin', replacement: '${2}-$1'}])).toMatchObject({origin: 'B-eu-1'});
    // Defaults: separator `;`, regex `(.*)`, replacement `$1`.
    expect(apply([{source_labels: ['cluster', 'replica'], target_label: 'origin'}])).toMatchObject({origin: 'eu-1;B'});
    // Named groups, also written the RE2 way, and a target made from a group.
    expect(apply([{source_labels: ['instance'], regex: '(?P<host>[^:]+):(?<port>\\d+)', target_label: 'host_$port', replacement: '${host}'}])).toMatchObject({host_9100: 'db-1'});
    // No match: nothing changes. An empty result removes the target.
    expect(apply([{source_labels: ['instance'], regex: 'nope', target_label: 'cluster', replacement: 'x'}])).toEqual(LABELS);
    expect(apply([{source_labels: ['missing'], target_label: 'cluster'}])).not.toHaveProperty('cluster');
    // An expanded target that is no label name is skipped, as in Prometheus.
    expect(apply([{source_labels: ['instance'], target_label: '${1}', replacement: 'x'}])).toEqual(LABELS);
    // `$$` is a dollar; `$1x` is the (missing) group named `1x`.
    expect(apply([{source_labels: ['replica'], target_label: 'cost', replacement: '$$1 $1x ${1}x'}])).toMatchObject({cost: '$1  Bx'});
  });

  it('keep and drop keep or drop the whole alert by the joined source labels', () => {
    expect(apply([{action: 'keep', source_labels: ['severity'], regex: 'Warning|critical'}])).toEqual(LABELS);
    expect(apply([{action: 'keep', source_labels: ['severity'], regex: 'critical'}])).toBeNull();
    expect(apply([{action: 'drop', source_labels: ['cluster', 'replica'], regex: 'eu-1;B'}])).toBeNull();
    expect(apply([{action: 'drop', source_labels: ['cluster'], regex: 'us-.*'}])).toEqual(LABELS);
  });

  it('keepequal and dropequal compare the joined source labels with the target label', () => {
    const labels = {alertname: 'A', a: 'x', b: 'x', c: 'y'};
    expect(apply([{action: 'keepequal', source_labels: ['a'], target_label: 'b'}], labels)).toEqual(labels);
    expect(apply([{action: 'keepequal', source_labels: ['a'], target_label: 'c'}], labels)).toBeNull();
    expect(apply([{action: 'dropequal', source_labels: ['a'], target_label: 'b'}], labels)).toBeNull();
  });

  it('labelmap copies matching labels under the expanded name, from the labels before the rule', () => {
    const labels = {alertname: 'A', __meta_team: 'db', __meta_zone: 'z1', team: 'old'};
    expect(apply([{action: 'labelmap', regex: '__meta_(.+)'}], labels)).toEqual({alertname: 'A', __meta_team: 'db', __meta_zone: 'z1', team: 'db', zone: 'z1'});
  });

  it('hashmod sets the target to MD5 of the value, last 8 bytes big-endian, modulo the modulus', () => {
    // MD5("eu-1;B") ends in bc997f848497eb58 = 13590033557704141656; MD5("db-1:9100") in fa9f1425d5c000b7.
    expect(apply([{action: 'hashmod', source_labels: ['cluster', 'replica'], target_label: 'shard', modulus: 1000}])?.shard).toBe('656');
    expect(apply([{action: 'hashmod', source_labels: ['cluster', 'replica'], target_label: 'shard', modulus: 7}])?.shard).toBe('6');
    expect(apply([{action: 'hashmod', source_labels: ['instance'], target_label: 'shard', modulus: 1000}])?.shard).toBe('879');
  });

  it('lowercase and uppercase set the target to the value in that case', () => {
    expect(apply([{action: 'lowercase', source_labels: ['severity'], target_label: 'severity'}])).toMatchObject({severity: 'warning'});
    expect(apply([{action: 'uppercase', source_labels: ['cluster', 'replica'], separator: '_', target_label: 'tag'}])).toMatchObject({tag: 'EU-1_B'});
  });

  it('applies the rules in order, the action name in any case', () => {
    expect(apply([{action: 'LabelDrop', regex: 'replica'}, {action: 'keep', source_labels: ['replica'], regex: ''}])).toEqual({alertname: 'DiskFull', instance: 'db-1:9100', severity: 'Warning', cluster: 'eu-1'});
  });
});

describe('relabel regexes', () => {
  const matches = (regex: string, value: string) => {
    const compiled = compileRelabelRegex(regex);
    if (!compiled.ok) throw new Error(compiled.reason);
    return compiled.regex.test(value);
  };

  it('are anchored at both ends, as Prometheus anchors them', () => {
    expect(matches('a', 'a')).toBe(true);
    expect(matches('a', 'ab')).toBe(false);
    expect(matches('b', 'ab')).toBe(false);
    expect(matches('a|b', 'ab')).toBe(false);
    expect(apply([{action: 'labeldrop', regex: 'replic'}])).toEqual(LABELS);
  });

  it('translate RE2-only syntax', () => {
    expect(matches('(?i)disk.*', 'DISKFULL')).toBe(true);
    expect(matches('.+', 'two\nlines')).toBe(true);
    expect(matches('\\pL+', 'zürich')).toBe(true);
    expect(matches('\\Q.*\\E', '.*')).toBe(true);
    expect(matches('\\Q.*\\E', 'ab')).toBe(false);
    expect(matches('[[:alpha:]]+\\-\\d', 'ab-1')).toBe(true);
    expect(matches('a{', 'a{')).toBe(true);
    expect(matches('[]a]+', ']a')).toBe(true);
    // RE2's \s is ASCII whitespace without \v.
    expect(matches('\\s', '\v')).toBe(false);
  });

  it('refuse what RE2 or this translation does not support, with the reason', () => {
    expect(compileRelabelRegex('(?=a)a')).toEqual({ok: false, reason: expect.stringContaining('is not RE2 or not supported')});
    expect(compileRelabelRegex('(a)\\1')).toEqual({ok: false, reason: 'backreferences (\\1) are not RE2'});
    expect(compileRelabelRegex('(?U)a+')).toEqual({ok: false, reason: 'the U (ungreedy) flag has no JavaScript equivalent'});
    // Found by fuzzing the look-up: `[:constructor:]` found Object's constructor, not "no such class".
    expect(compileRelabelRegex('[[:constructor:]]')).toEqual({ok: false, reason: '[:constructor:] is not supported'});
    expect(compileRelabelRegex('(')).toEqual({ok: false, reason: expect.stringMatching(/^not a valid regex here \(/)});
  });
});

describe('compileRelabelRules', () => {
  it('reports and skips a rule with an unknown action, a bad regex or a missing field, keeping the others', () => {
    const {rules, problems} = compileRelabelRules([
      {action: 'labeldrop', regex: 'replica'},
      {action: 'relabel', regex: 'x'},
      {action: 'labeldrop', regex: '(unclosed'},
      {action: 'hashmod', source_labels: ['a'], target_label: 'shard'},
      {action: 'replace', source_labels: 'a'},
      {action: 'drop', regexp: 'x'},
      'labeldrop',
    ]);
    expect(rules.map((r) => r.action)).toEqual(['labeldrop']);
    expect(problems.map((p) => describeRelabelProblem(p))).toEqual([
      'alert_relabel_configs[1].action: unknown action "relabel" (known: replace, keep, drop, keepequal, dropequal, hashmod, labelmap, labeldrop, labelkeep, lowercase, uppercase); rule skipped',
      'alert_relabel_configs[2].regex: not a valid regex here (Invalid regular expression: /^(?s:(unclosed)$/u: Unterminated group); rule skipped',
      'alert_relabel_configs[3].modulus: hashmod needs a modulus above 0; rule skipped',
      'alert_relabel_configs[4].source_labels: must be a list of label names; rule skipped',
      'alert_relabel_configs[4].target_label: replace needs a target_label; rule skipped',
      'alert_relabel_configs[5].regexp: unknown key (known: source_labels, separator, regex, modulus, target_label, replacement, action); rule skipped',
      'alert_relabel_configs[6]: must be a mapping such as {action: labeldrop, regex: replica}; rule skipped',
    ]);
  });

  it('reads numbers where Prometheus reads strings, and no list as no rules', () => {
    expect(apply([{source_labels: ['replica'], regex: 'B', target_label: 'replica', replacement: 2}])).toMatchObject({replica: '2'});
    expect(compileRelabelRules(undefined)).toEqual({rules: [], problems: []});
    expect(compileRelabelRules({action: 'drop'}).problems).toEqual([{index: 0, key: null, message: 'must be a list of relabel rules'}]);
  });
});
