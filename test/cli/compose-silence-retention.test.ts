/**
 * An Alertmanager's `silenceRetention` (its --data.retention) reaches its handle, where the
 * timeline counts how far back its acks are listed. It is checked like every duration, and
 * changes nothing the adapter reads: two contexts sharing the Alertmanager still share one adapter.
 */
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {composeContext, createSharedBackends} from '../../src/cli/compose.ts';
import {parseConfig} from '../../src/config/config-load.ts';
import type {ContextConfig} from '../../src/config/config-types.ts';
import {tempDir} from './cli-fixtures.ts';

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => (tmp = tempDir()));
afterEach(() => tmp.cleanup());

const yaml = (retention: string) => `current-context: prod
contexts:
  - name: prod
    alertmanagers:
      - {name: am-long, url: 'http://127.0.0.1:9093', silenceRetention: ${retention}}
      - {name: am-default, url: 'http://127.0.0.1:9094'}
`;

function parse(text: string) {
  return parseConfig(text, join(tmp.dir, 'config.yaml'));
}

function context(text: string): ContextConfig {
  const result = parse(text);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.config.contexts[0]!;
}

describe('silenceRetention of an Alertmanager', () => {
  it('is on its handle in ms; an Alertmanager without it has none (the default applies)', async () => {
    const composed = composeContext(context(yaml('14d')), {});
    expect(composed.services.alertSources.map((s) => [s.name, s.silenceRetentionMs])).toEqual([
      ['am-long', 14 * 24 * 3_600_000],
      ['am-default', undefined],
    ]);
    await composed.close();
  });

  it('is refused when it is not a duration, as any duration is', () => {
    const result = parse(yaml('two weeks'));
    expect(result.ok ? [] : result.errors.map((e) => `${e.path}: ${e.message}`)).toEqual([
      'contexts[0].alertmanagers[0].silenceRetention: must be a Prometheus duration greater than zero, such as 30s, 5m, 1h30m or 30d (got "two weeks")',
    ]);
  });

  it('does not split the adapter two contexts share: one context setting it reads the same Alertmanager', async () => {
    const shared = createSharedBackends();
    const plain = {...context(yaml('14d').replace(', silenceRetention: 14d', '')), name: 'us'};
    const [eu, us] = [context(yaml('14d')), plain].map((c) => composeContext(c, {}, undefined, shared));
    expect(us!.services.alertSources[0]!.capabilities).toBe(eu!.services.alertSources[0]!.capabilities);
    expect(us!.services.alertSources[0]!.readKey).toBe(eu!.services.alertSources[0]!.readKey);
    expect([eu!.services.alertSources[0]!.silenceRetentionMs, us!.services.alertSources[0]!.silenceRetentionMs]).toEqual([14 * 24 * 3_600_000, undefined]);
    await shared.close();
  });
});
