import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {parseConfig} from '../../src/config/config-load.ts';
import {composeContext} from '../../src/cli/compose.ts';

const TEXT = `current-context: prod
ack:
  duration: 1h
  volatileLabels: [pod, instance]
  untilResolved: true
contexts:
  - name: prod
    alertmanagers:
      - {name: am-eu-1, url: http://am-eu-1:9093, cluster: eu}
      - {name: am-eu-2, url: http://am-eu-2:9093, cluster: eu}
      - {name: am-lab, url: http://am-lab:9093}
`;

describe('ack settings and Alertmanager clusters in the config', () => {
  it('reads volatileLabels, untilResolved and the cluster of each Alertmanager', () => {
    const result = parseConfig(TEXT, 'config.yaml');
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.config.ack).toEqual({duration: '1h', commentPrefix: 'ACK!', volatileLabels: ['pod', 'instance'], untilResolved: true});
    expect(result.config.contexts[0]?.alertmanagers.map((a) => [a.name, a.cluster])).toEqual([
      ['am-eu-1', 'eu'],
      ['am-eu-2', 'eu'],
      ['am-lab', undefined],
    ]);
  });

  it('passes the cluster on to the composed source handles', async () => {
    const result = parseConfig(TEXT, 'config.yaml');
    if (!result.ok) throw new Error('config rejected');
    const composed = composeContext(result.config.contexts[0]!, {});
    expect(composed.services.alertSources.map((s) => [s.name, s.cluster])).toEqual([
      ['am-eu-1', 'eu'],
      ['am-eu-2', 'eu'],
      ['am-lab', undefined],
    ]);
    await composed.close();
  });

  it('rejects an empty cluster name and a misspelt key', () => {
    const result = parseConfig(TEXT.replace('cluster: eu}', "cluster: ''}").replace('volatileLabels', 'volatileLabel'), 'config.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.path)).toEqual(['ack.volatileLabel', 'contexts[0].alertmanagers[0].cluster']);
  });
});

describe('ack.duration bounds', () => {
  // The 7d cap of `--duration` and `:ack` held for the default every plain ack uses: a config
  // value past it would make each `a` key press a month-long silence nobody chose.
  it('refuses 30d at ack.duration with the wording of --duration 30d and :ack 30d', () => {
    const result = parseConfig(TEXT.replace('duration: 1h', 'duration: 30d'), '/etc/oncall/config.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.path}: ${e.message}`)).toEqual([
      '/etc/oncall/config.yaml:3:13: ack.duration: An ack lasts at most 7d; use a silence for longer (got "30d")',
    ]);
  });

  it('takes 7d itself', () => {
    expect(parseConfig(TEXT.replace('duration: 1h', 'duration: 7d'), 'config.yaml').ok).toBe(true);
  });

  // The reference is where a config author looks up a key's bounds: the cap must be there too.
  it('is stated in the reference, in the ack.duration row and with the other bounded durations', () => {
    const doc = readFileSync(new URL('../../docs/config-reference.md', import.meta.url), 'utf8');
    expect(doc.split('\n').find((l) => l.startsWith('| `duration` | `15m`'))).toMatch(/at most `7d`/);
    expect(doc).toMatch(/`ack\.duration`[^.]* `7d`/);
  });
});
