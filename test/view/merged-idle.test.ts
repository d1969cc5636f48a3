import {describe, expect, it} from 'vitest';
import {mergedIdle} from '../../src/view/pane-status.ts';

const FAILED = '⚠ no SLOs loaded: SLO file checkout-eu.yaml failed to load (oncall config validate)';

describe('mergedIdle', () => {
  it('is no idle reason where a context reads, and names the context whose SLO files failed', () => {
    expect(mergedIdle([{context: 'prod-eu', idle: FAILED}, {context: 'prod-us', idle: null}, {context: 'dev', idle: 'no Prometheus in this context'}])).toEqual({
      idle: null,
      // dev has nothing configured: not a problem to warn of.
      warnings: ['prod-eu: no SLOs loaded: SLO file checkout-eu.yaml failed to load (oncall config validate)'],
    });
  });

  it('keeps one shared plain reason as it is', () => {
    expect(mergedIdle([{context: 'a', idle: 'no Prometheus in this context'}, {context: 'b', idle: 'no Prometheus in this context'}])).toEqual({idle: 'no Prometheus in this context', warnings: []});
  });

  it('names each context where every one is idle for different reasons, problems first', () => {
    expect(mergedIdle([{context: 'dev', idle: 'no Prometheus in this context'}, {context: 'qa', idle: 'no Prometheus in this context'}, {context: 'prod-eu', idle: FAILED}])).toEqual({
      idle: '⚠ prod-eu: no SLOs loaded: SLO file checkout-eu.yaml failed to load (oncall config validate) · dev, qa: no Prometheus in this context',
      warnings: [],
    });
    // Even a problem every context shares names them: which context the file is of.
    expect(mergedIdle([{context: 'a', idle: FAILED}, {context: 'b', idle: FAILED}]).idle).toBe(`⚠ a, b: ${FAILED.slice(2)}`);
  });
});
