/**
 * The `ALERTS` range query: at the evaluation interval as it is, coarser as the most over each
 * step, so an alert shorter than a step still shows at the step after it.
 */
import {describe, expect, it} from 'vitest';
import {createHistoryReads} from '../../../src/sources/prometheus/prometheus-timeline.ts';

function reads() {
  const asked: Array<Record<string, unknown>> = [];
  const history = createHistoryReads({
    name: 'prometheus',
    query: async (_path, form) => {
      asked.push(form as Record<string, unknown>);
      return {data: {resultType: 'matrix', result: []}, warnings: []};
    },
    get: async () => ({data: {}, warnings: []}),
    withRecorded: async (slos) => ({slos, warnings: []}),
    refused: {} as never,
  });
  return {history, asked};
}

describe('readAlertHistory', () => {
  it('reads ALERTS as it is at the evaluation interval', async () => {
    const {history, asked} = reads();
    await history.readAlertHistory(0, 3_600_000, 15, 15);
    expect(asked.map((f) => f['query'])).toEqual(['ALERTS']);
  });

  it('reads the most over each step when the step is coarser than the evaluation', async () => {
    const {history, asked} = reads();
    await history.readAlertHistory(0, 400 * 86_400_000, 3142, 15);
    expect(asked.map((f) => [f['query'], f['step']])).toEqual([['max_over_time(ALERTS[3142s])', 3142]]);
  });
});
