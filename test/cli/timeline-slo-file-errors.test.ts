/**
 * A context whose SLO file did not load: its SLOs are missing from what is read. `status` exits 3
 * for it; the timeline and the handover must say the part is missing too, not hand over a
 * quiet shift ("SLO budget spent: none", exit 0) with the only trace a note on stderr.
 */
import {describe, expect, it} from 'vitest';
import {handoverCommand} from '../../src/cli/handover-command.ts';
import {timelineCommand} from '../../src/cli/timeline-command.ts';
import {capturedIo, homeWithLog, timelineRuntime, timelineServices} from './timeline-fakes.ts';

const broken = () => timelineServices('prod', () => [], {sloFileErrors: [{file: 'slos/checkout.yaml', error: 'line 3: bad indentation'}]});

describe('timeline and handover with an SLO file that did not load', () => {
  it('the handover says its Paged and SLO sections are incomplete, naming the file, exit 3', async () => {
    const o = capturedIo();
    const code = await handoverCommand({command: 'handover', since: '2h'} as never, timelineRuntime(broken()), {HOME: homeWithLog([])} as never, o.io as never);
    expect(code).toBe(3);
    expect(o.out).toContain('slos: SLO file slos/checkout.yaml did not load (line 3: bad indentation): its SLOs are not read');
    expect(o.out).not.toContain('### SLO budget spent: none');
  });

  it('timeline --format json has it in `missing`, exit 3', async () => {
    const o = capturedIo();
    const code = await timelineCommand({command: 'timeline', since: '2h', format: 'json'} as never, timelineRuntime(broken()), {HOME: homeWithLog([])} as never, o.io as never);
    const doc = JSON.parse(o.out) as {missing: Array<{part: string; context: string; reason: string}>};
    expect({code, missing: doc.missing.map((g) => [g.part, g.context, g.reason])}).toEqual({code: 3, missing: [['slos', 'prod', 'SLO file slos/checkout.yaml did not load (line 3: bad indentation): its SLOs are not read']]});
  });
});
