/** The alert a timeline event stands for, as runbook resolution reads it. */
import {describe, expect, it} from 'vitest';
import {runbookOf} from '../../src/domain/runbook.ts';
import {eventAlertOf} from '../../src/domain/timeline-runbook.ts';
import type {TimelineEvent} from '../../src/domain/timeline.ts';

const base = {at: 0, context: 'prod', service: 'checkout', source: 'prometheus', text: 'CheckoutDown firing'};
const labels = {alertname: 'CheckoutDown', service: 'checkout'};

describe('eventAlertOf', () => {
  it("carries today's rule's link as the alert's, so it resolves to the event's own link, marked as today's", () => {
    const e: TimelineEvent = {...base, kind: 'alert-firing', subject: labels, url: 'https://rb.example/checkout', urlFrom: 'current-rule'};
    const alert = eventAlertOf(e)!;
    expect(alert).toEqual({name: 'CheckoutDown', labels, annotations: {}, ruleRunbook: 'https://rb.example/checkout'});
    expect(runbookOf(alert, 'https://wiki.example/{{alertname}}')).toEqual({url: 'https://rb.example/checkout', from: 'current-rule'});
  });

  it("lends nothing for a template's link: the template resolves it again", () => {
    const e: TimelineEvent = {...base, kind: 'alert-resolved', subject: labels, url: 'https://wiki.example/CheckoutDown'};
    const alert = eventAlertOf(e)!;
    expect(alert.ruleRunbook).toBeUndefined();
    expect(runbookOf(alert, 'https://wiki.example/{{alertname}}')).toEqual({url: 'https://wiki.example/CheckoutDown', from: 'template'});
  });

  it('is null for an event about no alert', () => {
    expect(eventAlertOf({...base, kind: 'deploy-started', subject: {deployId: 'd1', version: 'v1'}, url: 'https://ci.example/1'})).toBeNull();
    expect(eventAlertOf({...base, kind: 'note'})).toBeNull();
  });
});
