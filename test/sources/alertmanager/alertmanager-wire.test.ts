import {readFileSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, it} from 'vitest';
import {
  alertFromWire,
  gettableAlertsSchema,
  gettableSilencesSchema,
  postableSilence,
  silenceFromWire,
} from '../../../src/sources/alertmanager/alertmanager-wire.ts';
import {loadContract, validate} from '../../helpers/openapi-schema.ts';

const spec = loadContract('alertmanager-api-v2.openapi.yaml');
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8'));

describe('Alertmanager wire shapes against the OpenAPI description', () => {
  it('builds a postableSilence the spec accepts, with exact fields', () => {
    const body = postableSilence({
      matchers: [
        {name: 'alertname', value: 'HighLatency', isRegex: false, isEqual: true},
        {name: 'instance', value: 'web-(1|2)', isRegex: true, isEqual: true},
      ],
      startsAt: Date.UTC(2026, 4, 1, 10, 0),
      endsAt: Date.UTC(2026, 4, 1, 10, 15),
      createdBy: 'primary',
      comment: 'ACK! investigating',
    });
    expect(body).toEqual({
      matchers: [
        {name: 'alertname', value: 'HighLatency', isRegex: false, isEqual: true},
        {name: 'instance', value: 'web-(1|2)', isRegex: true, isEqual: true},
      ],
      startsAt: '2026-05-01T10:00:00.000Z',
      endsAt: '2026-05-01T10:15:00.000Z',
      createdBy: 'primary',
      comment: 'ACK! investigating',
    });
    expect(validate(spec, '#/definitions/postableSilence', body)).toEqual([]);
    expect(validate(spec, '#/definitions/postableSilence', postableSilence({id: 'c2028958-3815-4eda-9660-48bdf3b276c2', matchers: [{name: 'a', value: 'b', isRegex: false, isEqual: true}], startsAt: 0, endsAt: 1, createdBy: 'x', comment: 'y'}))).toEqual([]);
  });

  it('the walker catches what the spec forbids (so the checks above mean something)', () => {
    const bad = {matchers: [], startsAt: 'yesterday', endsAt: '2026-05-01T10:15:00Z', createdBy: 7};
    expect(validate(spec, '#/definitions/postableSilence', bad)).toEqual([
      '$: missing required comment',
      '$.matchers: fewer than 1 items',
      '$.startsAt: not a date-time: yesterday',
      '$.createdBy: expected string, got integer',
    ]);
  });

  it('the current-shape fixtures conform to gettableAlerts and gettableSilences', () => {
    expect(validate(spec, '#/definitions/gettableAlerts', fixture('alerts-current.json'))).toEqual([]);
    expect(validate(spec, '#/definitions/gettableSilences', fixture('silences-current.json'))).toEqual([]);
  });

  it('recorded 0.25 responses predate mutedBy and silence annotations, and still decode', () => {
    expect(validate(spec, '#/definitions/gettableAlerts', fixture('alerts-0.25.json'))).toEqual([
      '$[0].status: missing required mutedBy',
      '$[1].status: missing required mutedBy',
    ]);
    expect(validate(spec, '#/definitions/gettableSilences', fixture('silences-0.25.json'))).toEqual(['$[0]: missing required annotations']);
    expect(gettableAlertsSchema.parse(fixture('alerts-0.25.json'))).toHaveLength(2);
    expect(gettableSilencesSchema.parse(fixture('silences-0.25.json'))).toHaveLength(1);
  });
});

describe('alertFromWire / silenceFromWire', () => {
  it('maps a recorded 0.25 alert exactly', () => {
    const [checkout, disk] = gettableAlertsSchema.parse(fixture('alerts-0.25.json')).map((a) => alertFromWire(a, 'am-eu'));
    expect(checkout).toEqual({
      fingerprint: '54e84b52d8041f63',
      name: 'CheckoutErrorBudgetBurn',
      severity: 'critical',
      state: 'firing',
      labels: {alertname: 'CheckoutErrorBudgetBurn', service: 'checkout', severity: 'critical'},
      annotations: {runbook_url: 'https://runbooks.example/checkout', summary: 'Checkout is burning its error budget'},
      startsAt: Date.UTC(2026, 10, 22, 3, 27, 38, 266),
      generatorUrl: 'http://prometheus.example:9090/graph?g0.expr=up',
      silencedBy: [],
      inhibitedBy: [],
      seenBy: ['am-eu'],
      ack: null,
      partialAck: null,
    });
    expect(disk).toMatchObject({state: 'suppressed', silencedBy: ['c2028958-3815-4eda-9660-48bdf3b276c2'], generatorUrl: null, severity: 'warning'});
  });

  it('maps unprocessed to firing, keeps inhibitedBy, normalises severity, reads nanosecond offsets', () => {
    const [queue] = gettableAlertsSchema.parse(fixture('alerts-current.json')).map((a) => alertFromWire(a, 'am'));
    expect(queue).toMatchObject({state: 'firing', severity: 'warning', inhibitedBy: ['54e84b52d8041f63'], startsAt: Date.UTC(2026, 10, 22, 2, 27, 38, 123)});
  });

  it('reads an unreadable or unset start time as unknown (null), never as 1970', () => {
    const [base] = gettableAlertsSchema.parse(fixture('alerts-current.json'));
    for (const startsAt of ['NaN', 'yesterday', '0001-01-01T00:00:00Z', '']) {
      expect(alertFromWire({...base!, startsAt}, 'am').startsAt, startsAt).toBeNull();
    }
  });

  it('maps silences, defaulting a missing isEqual to true', () => {
    const [silence] = gettableSilencesSchema.parse(fixture('silences-current.json')).map(silenceFromWire);
    expect(silence).toEqual({
      id: '5b0c6c8e-1f7a-4a43-9d55-0b8f3c1e2a90',
      state: 'expired',
      matchers: [
        {name: 'instance', value: 'web-(1|2)', isRegex: true, isEqual: true},
        {name: 'env', value: 'dev', isRegex: false, isEqual: false},
      ],
      startsAt: Date.UTC(2026, 10, 22, 3, 28, 38),
      endsAt: Date.UTC(2026, 10, 22, 3, 43, 38),
      createdBy: 'secondary',
      comment: 'maintenance',
      // Kept for the timeline: a silence expired early has updatedAt = endsAt.
      updatedAt: Date.UTC(2026, 10, 22, 3, 28, 38, 274),
    });
  });
});
