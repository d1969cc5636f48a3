import {describe, expect, it} from 'vitest';
import {alertFingerprint} from '../../src/sources/alert-fingerprint.ts';

describe('alertFingerprint', () => {
  // Fingerprints recorded from a real Alertmanager 0.25 (see alertmanager/fixtures/alerts-0.25.json);
  // the integration tests compare many more label sets against a live one.
  it('equals what Alertmanager reports for the same labels', () => {
    expect(alertFingerprint({alertname: 'CheckoutErrorBudgetBurn', service: 'checkout', severity: 'critical'})).toBe('54e84b52d8041f63');
    expect(alertFingerprint({alertname: 'DiskFull', instance: 'db-1:9100', severity: 'warning'})).toBe('72f53153853b9cde');
  });

  it('does not depend on the order labels arrive in', () => {
    expect(alertFingerprint({severity: 'critical', service: 'checkout', alertname: 'CheckoutErrorBudgetBurn'})).toBe('54e84b52d8041f63');
  });

  it('is the FNV-1a offset basis for no labels, and always 16 hex digits', () => {
    expect(alertFingerprint({})).toBe('cbf29ce484222325');
    expect(alertFingerprint({a: 'b'})).toMatch(/^[0-9a-f]{16}$/);
  });

  it('separates name and value, so shifting characters between them changes the result', () => {
    expect(alertFingerprint({ab: 'c'})).not.toBe(alertFingerprint({a: 'bc'}));
  });
});
