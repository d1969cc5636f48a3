import {describe, expect, it} from 'vitest';
import type {Alert} from '../../src/domain/alert.ts';
import {refusedRunbookAnnotation, runbookUrlOf} from '../../src/domain/runbook.ts';

const alert = (annotations: Record<string, string>, labels: Record<string, string> = {}): Alert => ({
  fingerprint: 'f', name: 'CheckoutHighErrorRate', severity: 'critical', state: 'firing', labels: {alertname: 'CheckoutHighErrorRate', ...labels},
  annotations, startsAt: 0, generatorUrl: null, silencedBy: [], inhibitedBy: [], seenBy: ['am'], ack: null,
});

describe('runbookUrlOf', () => {
  it('prefers runbook_url, then its aliases', () => {
    expect(runbookUrlOf(alert({runbook_url: 'https://rb.example.com/a', playbook: 'https://pb.example.com/b'}))).toBe('https://rb.example.com/a');
    expect(runbookUrlOf(alert({playbook: 'https://pb.example.com/b'}))).toBe('https://pb.example.com/b');
  });

  it('falls back to the template, URL-encoding labels, and refuses when a label is missing', () => {
    expect(runbookUrlOf(alert({}, {service: 'check out'}), 'https://runbooks.example.com/{{alertname}}/{{service}}')).toBe(
      'https://runbooks.example.com/CheckoutHighErrorRate/check%20out',
    );
    expect(runbookUrlOf(alert({}), 'https://runbooks.example.com/{{team}}')).toBeNull();
  });

  it('returns only http(s) links, with control characters percent-encoded', () => {
    expect(runbookUrlOf(alert({runbook_url: 'javascript:alert(1)'}))).toBeNull();
    expect(runbookUrlOf(alert({runbook_url: 'file:///etc/passwd'}))).toBeNull();
    const hostile = runbookUrlOf(alert({runbook_url: 'https://rb.example.com/x\u001b]52;c;ZWNobyBoaQ==\u0007\u202e'}))!;
    expect(hostile).toBe('https://rb.example.com/x%1B]52;c;ZWNobyBoaQ==%07%E2%80%AE');
    expect(hostile).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
  });

  it('says there is no runbook when there is none', () => {
    expect(runbookUrlOf(alert({summary: 'x'}))).toBeNull();
  });
});

describe('refusedRunbookAnnotation', () => {
  it('names the first runbook annotation set that is not an http(s) link, when none is', () => {
    expect(refusedRunbookAnnotation(alert({runbook_url: 'javascript:alert(1)', playbook: '/srv/pb.md'}))).toEqual({name: 'runbook_url', value: 'javascript:alert(1)'});
    expect(refusedRunbookAnnotation(alert({runbook_url: ' ', playbook: 'file:///etc/passwd'}))).toEqual({name: 'playbook', value: 'file:///etc/passwd'});
  });

  it('names none when an alias is a link (that one is the runbook) or none is set', () => {
    expect(refusedRunbookAnnotation(alert({runbook_url: 'javascript:alert(1)', runbook: 'https://rb.example.com/a'}))).toBeNull();
    expect(refusedRunbookAnnotation(alert({summary: 'x'}))).toBeNull();
  });
});
