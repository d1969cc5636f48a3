import {describe, expect, it} from 'vitest';
import type {PanelDefinition} from '../../../src/domain/panel.ts';
import {HttpFailure} from '../../../src/sources/http/http-errors.ts';
import {createPanelRefusals} from '../../../src/sources/prometheus/prometheus-panel-refusals.ts';
import type {PromQuery} from '../../../src/sources/prometheus/prometheus-panels.ts';

const panel: PanelDefinition = {name: 'p', query: 'sum(sat', unit: 'ratio'};
const WRAPPED = 'Prometheus refused its query (HTTP 400): 1:24: parse error: unexpected ","';

describe('createPanelRefusals', () => {
  it('keeps the wrapper error while the own query cannot be sent, and asks again at the next read', async () => {
    const asked: unknown[] = [];
    let down = true;
    const query: PromQuery = async (_path, form) => {
      asked.push(form['query']);
      if (down) throw new HttpFailure('timeout', 'timed out', null, null);
      throw new HttpFailure('bad-response', 'HTTP 400', 400, 'invalid parameter "query": 1:8: parse error: unclosed left parenthesis');
    };
    const refusals = createPanelRefusals(query);
    expect(await refusals.reason(panel, WRAPPED, 1000)).toBe(WRAPPED);
    down = false;
    const own = await refusals.reason(panel, WRAPPED, 1000);
    expect(own).toBe('Prometheus refused its query (HTTP 400): invalid parameter "query": 1:8: parse error: unclosed left parenthesis');
    expect(await refusals.reason(panel, WRAPPED, 1000)).toBe(own);
    expect(asked).toEqual(['sum(sat', 'sum(sat']);
  });

  it('asks again when the panel query changes, and ignores a result type it does not know', async () => {
    const query: PromQuery = async (_path, form) => ({data: {resultType: form['query'] === 'scalar(x)' ? 'scalar' : 'constructor', result: []}, warnings: []});
    const refusals = createPanelRefusals(query);
    expect(await refusals.reason({...panel, query: 'scalar(x)'}, WRAPPED, 0)).toMatch(/returns a scalar\); wrap it in vector\(…\)$/);
    expect(await refusals.reason({...panel, query: 'y'}, WRAPPED, 0)).toBe(WRAPPED);
  });
});
