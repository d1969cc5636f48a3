/**
 * `oncall alerts --json`'s document from a body decoded as it streams in (any chunking), sorted
 * and written a batch at a time, against the same alerts decoded from the whole body at once,
 * sorted by `compareAlerts` and written as one `safeJson` document: byte for byte the same,
 * hostile labels included, and nothing in it a terminal would act on.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {alertJson} from '../../src/cli/alert-commands.ts';
import {safeJson, writeJsonStream} from '../../src/cli/one-shot.ts';
import type {Alert} from '../../src/domain/alert.ts';
import {compareAlerts, sortAlerts} from '../../src/domain/alert-order.ts';
import {createAlertDecoder} from '../../src/sources/alertmanager/alert-decode.ts';
import {alertFromWire, gettableAlertSchema} from '../../src/sources/alertmanager/alertmanager-wire.ts';
import type {JsonStream} from '../../src/sources/http/http-client.ts';
import {HttpFailure} from '../../src/sources/http/http-errors.ts';
import {anyText, hostileLabels, isoTime} from '../fuzz/arbitraries.ts';

// Raw in a terminal, any of these acts on it (the line feed is the document's own layout).
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u2065\p{Cf}]/u;

const runtime = {composed: {services: {alertSources: [{name: 'am', kind: 'alertmanager'}]}}, settings: {runbookTemplate: undefined}} as unknown as Parameters<typeof alertJson>[0];
const head = {context: 'prod', generatedAt: '2026-12-05T09:00:00.000Z', sources: [{name: 'am', ok: true, error: null}]};

const wire = fc.record({
  labels: fc.tuple(hostileLabels, anyText, fc.constantFrom('critical', 'warning', 'info', 'page', '__proto__')).map(([labels, name, severity]) => ({...labels, alertname: name, severity})),
  annotations: fc.tuple(hostileLabels, fc.oneof(anyText, fc.constant('https://runbooks.example/x'))).map(([a, url]) => ({...a, runbook_url: url})),
  generatorURL: fc.oneof(anyText, fc.constant('')),
  fingerprint: fc.string({unit: fc.constantFrom('a', 'b', 'c', '0', '1'), minLength: 1, maxLength: 3}),
  startsAt: fc.oneof(isoTime, fc.constant('0001-01-01T00:00:00Z')),
  endsAt: isoTime,
  updatedAt: isoTime,
  status: fc.record({state: fc.constantFrom('active', 'suppressed', 'unprocessed'), silencedBy: fc.array(anyText, {maxLength: 2}), inhibitedBy: fc.array(anyText, {maxLength: 2})}),
});

/** The body's bytes cut at `cuts` (any positions, in any order), delivered as the HTTP client streams them. */
function cutInto(bytes: Buffer, cuts: number[]): JsonStream {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  return {
    read: async (each) => {
      let from = 0;
      for (const to of [...points, bytes.length]) {
        if (to > from) each(bytes.subarray(from, to));
        from = to;
      }
    },
    invalid: () => new HttpFailure('bad-response', 'invalid JSON', 200, null),
  };
}

/** The document as `alerts --json` writes it, batch by batch. */
function written(alerts: Alert[]): string {
  let text = '';
  writeJsonStream(head, 'alerts', sortAlerts(alerts), alertJson(runtime), (t) => (text += t));
  return text;
}

describe('alerts --json from a streamed body', () => {
  it('writes, for any alerts cut into chunks anywhere, the bytes of the whole-body decode written as one safeJson document', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(wire, {maxLength: 12}), fc.array(fc.nat(), {maxLength: 40}), fc.nat({max: 3}), async (list, cuts, longAt) => {
        // A huge string (a dumped log in an annotation), `\u001b` written as a JSON escape
        // (decodes to ESC), and an escaped lone surrogate, in one of the alerts.
        const alerts = list.map((a, i) => (i === longAt ? {...a, annotations: {...a.annotations, description: `${'x'.repeat(70_000)}\u001b]52;c;eA==\u0007`}} : a));
        const text = JSON.stringify(alerts).replaceAll('\\u001b', '\\u001B').replace(/"fingerprint":"/, '"fingerprint":"\\ud800');
        const expected = (JSON.parse(text) as unknown[]).map((w) => alertFromWire(gettableAlertSchema.parse(w), 'am'));
        const decoded = await createAlertDecoder('am').decode(cutInto(Buffer.from(text), cuts), 'am /api/v2/alerts');
        const out = written(decoded);
        expect(out).toBe(safeJson({...head, alerts: [...expected].sort((a, b) => compareAlerts(a, b)).map(alertJson(runtime))}));
        expect(out).not.toMatch(UNSAFE);
      }),
      {numRuns: 150},
    );
  });

  it('fails a truncated, HTML, wrong-shaped or NaN body wherever it is cut, as the whole-body decode does', async () => {
    const good = JSON.stringify([{labels: {alertname: 'A'}, annotations: {}, fingerprint: 'f', startsAt: '2026-12-05T08:00:00Z', status: {state: 'active', silencedBy: [], inhibitedBy: []}}]);
    const bodies: Array<[string, RegExp]> = [
      [good.slice(0, -7), /^invalid JSON$/],
      ['<html><body>502 Bad Gateway</body></html>', /^invalid JSON$/],
      ['{"status": "error"}', /unexpected response shape: Invalid input: expected array, received object/],
      [good.replace('"f"', '7'), /unexpected response shape at 0\.fingerprint/],
      [good.replace('"2026-12-05T08:00:00Z"', 'NaN'), /^invalid JSON$/],
    ];
    for (const [body, message] of bodies) {
      for (let size = 1; size <= body.length; size += 3) {
        const cuts = Array.from({length: Math.ceil(body.length / size)}, (_, i) => i * size);
        const failure = await createAlertDecoder('am').decode(cutInto(Buffer.from(body), cuts), 'am /api/v2/alerts').then(() => null, (e: unknown) => e as Error);
        expect(failure?.message, `${body} in chunks of ${size}`).toMatch(message);
      }
    }
  });
});
