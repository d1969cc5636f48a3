import {describe, expect, it} from 'vitest';
import {selectContexts} from '../../src/config/context-selection.ts';

const config = {
  'current-context': 'prod-eu',
  contexts: [{name: 'prod-eu'}, {name: 'prod-us'}, {name: 'prod-ap'}, {name: 'staging'}],
  contextGroups: {prod: ['prod-us', 'prod-eu', 'prod-ap'], emea: ['prod-eu']},
} as unknown as Parameters<typeof selectContexts>[0];

describe('selectContexts', () => {
  it('is current-context without a flag, and one named context with one', () => {
    expect(selectContexts(config, {}, 'c.yaml')).toEqual({names: ['prod-eu'], label: 'prod-eu', groups: []});
    expect(selectContexts(config, {context: 'staging'}, 'c.yaml')).toEqual({names: ['staging'], label: 'staging', groups: []});
  });

  it('takes several names in the order given, and a group in its own order (and says which words were groups)', () => {
    expect(selectContexts(config, {context: 'staging,prod-eu'}, 'c.yaml')).toEqual({names: ['staging', 'prod-eu'], label: 'staging,prod-eu', groups: []});
    expect(selectContexts(config, {context: 'prod'}, 'c.yaml')).toEqual({names: ['prod-us', 'prod-eu', 'prod-ap'], label: 'prod', groups: ['prod']});
  });

  it('drops repeats, keeping the first place, across groups and names', () => {
    expect(selectContexts(config, {context: ' emea , prod-eu,staging,prod '}, 'c.yaml')).toEqual({names: ['prod-eu', 'staging', 'prod-us', 'prod-ap'], label: 'emea,prod-eu,staging,prod', groups: ['emea', 'prod']});
  });

  it('takes every context for * and --all-contexts', () => {
    const all = ['prod-eu', 'prod-us', 'prod-ap', 'staging'];
    expect(selectContexts(config, {context: '*'}, 'c.yaml')).toEqual({names: all, label: '*', groups: []});
    expect(selectContexts(config, {all: true, context: 'staging'}, 'c.yaml')).toEqual({names: all, label: '*', groups: []});
  });

  it('names the file, every unknown word, the known contexts and groups, and a close match', () => {
    expect(selectContexts(config, {context: 'prd-eu,nope'}, '/etc/oncall.yaml')).toBe(
      '/etc/oncall.yaml: no context or group named "prd-eu", "nope" (contexts: prod-eu, prod-us, prod-ap, staging; contextGroups: prod, emea); did you mean "prod-eu"?',
    );
  });

  it('words an unknown name as before when the config has no groups', () => {
    const plain = {...config, contextGroups: undefined} as typeof config;
    expect(selectContexts(plain, {context: 'nope'}, 'c.yaml')).toBe('c.yaml: no context named "nope" (contexts: prod-eu, prod-us, prod-ap, staging)');
  });

  it('refuses an empty selection', () => {
    expect(selectContexts(config, {context: ' , '}, 'c.yaml')).toMatch(/^c\.yaml: --context: give a context name/);
  });
});
