import {describe, expect, it} from 'vitest';
import {matchesFilter, parseAlertFilter, type AlertFilter, type FilterParse} from '../../src/domain/alert-filter.ts';
import {makeAlert} from './alert-fixture.ts';

function ok(parse: FilterParse): AlertFilter {
  if (!parse.ok) throw new Error(`expected a filter, got ${parse.error}`);
  return parse.filter;
}

const plain = (parse: FilterParse) => {
  const f = ok(parse);
  return {matchers: f.matchers.map(({name, op, value, regex}) => [name, op, value, regex?.source ?? null]), words: f.words};
};

describe('parseAlertFilter', () => {
  it('reads matchers with every operator and free words', () => {
    expect(plain(parseAlertFilter('severity=critical service=~"check.*" foo!=bar env!~stag.* Disk  full'))).toEqual({
      matchers: [
        ['severity', '=', 'critical', null],
        ['service', '=~', 'check.*', String.raw`^(?:check[^\n]*)$`],
        ['foo', '!=', 'bar', null],
        ['env', '!~', 'stag.*', String.raw`^(?:stag[^\n]*)$`],
      ],
      words: ['disk', 'full'],
    });
  });

  it('reads quoted values with spaces and escapes', () => {
    expect(plain(parseAlertFilter(String.raw`summary="disk \"full\" on a b" path="C:\\tmp" re=~"\d+\.\d+"`)).matchers).toEqual([
      ['summary', '=', 'disk "full" on a b', null],
      ['path', '=', 'C:\\tmp', null],
      ['re', '=~', String.raw`\d+\.\d+`, String.raw`^(?:\d+\.\d+)$`],
    ]);
  });

  it('reads a quoted phrase as one word', () => {
    expect(plain(parseAlertFilter('"Disk Full" api'))).toEqual({matchers: [], words: ['disk full', 'api']});
  });

  it('accepts the braced, comma-separated form pasted from other tools', () => {
    expect(plain(parseAlertFilter(' {alertname="HighErrorRate", service=~"pay|checkout",} '))).toEqual({
      matchers: [
        ['alertname', '=', 'HighErrorRate', null],
        ['service', '=~', 'pay|checkout', '^(?:pay|checkout)$'],
      ],
      words: [],
    });
  });

  it('allows an empty value (matches an absent label, as in Prometheus)', () => {
    expect(plain(parseAlertFilter('team= x')).matchers).toEqual([['team', '=', '', null]]);
    expect(plain(parseAlertFilter('team=""')).matchers).toEqual([['team', '=', '', null]]);
  });

  it('treats text that is not name-op-value as words', () => {
    expect(plain(parseAlertFilter('=foo 9lives=x a-b=c'))).toEqual({matchers: [], words: ['=foo', '9lives=x', 'a-b=c']});
  });

  it('is empty for blank input', () => {
    expect(plain(parseAlertFilter('   '))).toEqual({matchers: [], words: []});
  });

  it('reads a quoted label name as Prometheus 3 writes UTF-8 names', () => {
    expect(plain(parseAlertFilter('{"service.name"="checkout", "k8s.pod"=~"web-.*"}')).matchers).toEqual([
      ['service.name', '=', 'checkout', null],
      ['k8s.pod', '=~', 'web-.*', String.raw`^(?:web-[^\n]*)$`],
    ]);
    // Unbraced beside words; a quoted phrase not followed by an operator stays a word.
    expect(plain(parseAlertFilter('"service.name"!=checkout "a phrase"'))).toEqual({matchers: [['service.name', '!=', 'checkout', null]], words: ['a phrase']});
    expect(matchesFilter(makeAlert({fingerprint: 'f1', labels: {alertname: 'X', 'service.name': 'checkout'}}), ok(parseAlertFilter('"service.name"=checkout')))).toBe(true);
  });

  it('returns an error, never throws, for a bad regex', () => {
    const got = parseAlertFilter('severity=critical service=~"check(.*"');
    expect(got.ok).toBe(false);
    if (!got.ok) {
      expect(got.offset).toBe(27);
      expect(got.error.startsWith('invalid regex for service: ')).toBe(true);
    }
  });

  it('refuses a regex with nested repetition, which would take exponential time on a miss', () => {
    for (const text of ['instance=~"([a-z0-9-]+\\.?)+:9100"', 'alertname=~"(a+)+$"', 'service!~"(?i)(a|aa)+"']) {
      const got = parseAlertFilter(text);
      expect(got.ok, text).toBe(false);
      if (!got.ok) expect(got.error).toMatch(/^invalid regex for \w+: .*exponential time/);
    }
  });

  it('keeps accepting ordinary regexes', () => {
    expect(parseAlertFilter('instance=~"[a-z0-9.-]+:9100" service=~"check.*|pay.*"').ok).toBe(true);
  });

  // These were refused as nested repetition; each round is kept apart by a character its
  // varying part cannot match, so they are linear and must filter as typed.
  it('accepts repeated groups kept apart by a fixed character, and matches with them', () => {
    const cases: Array<[string, Record<string, string>]> = [
      ['service=~"[a-z]+(-[a-z]+)*"', {service: 'checkout-api-eu'}],
      ['instance=~"([0-9]+\\.){3}[0-9]+:9100"', {instance: '10.0.3.17:9100'}],
      ['instance=~"([a-z0-9]+\\.)+example\\.com"', {instance: 'db01.prod.example.com'}],
    ];
    for (const [text, labels] of cases) {
      const parsed = parseAlertFilter(text);
      expect([text, parsed.ok ? 'ok' : parsed.error]).toEqual([text, 'ok']);
      if (parsed.ok) expect(matchesFilter(makeAlert({fingerprint: 'f1', labels: {alertname: 'X', ...labels}}), parsed.filter)).toBe(true);
    }
  });

  it('returns an error for an unterminated quote in a value or a phrase', () => {
    expect(parseAlertFilter('service="check')).toEqual({ok: false, error: 'unterminated quote', offset: 8});
    expect(parseAlertFilter('a "dangling')).toEqual({ok: false, error: 'unterminated quote', offset: 2});
  });
});

describe('matchesFilter', () => {
  const alert = makeAlert({
    fingerprint: 'f',
    name: 'HighErrorRate',
    severity: 'critical',
    labels: {alertname: 'HighErrorRate', service: 'checkout', severity: 'critical', env: 'prod'},
    annotations: {summary: 'Checkout 5xx above 2 %', runbook_url: 'https://runbooks.example/checkout'},
  });
  const matches = (text: string) => matchesFilter(alert, ok(parseAlertFilter(text)));

  it('matches everything with an empty filter', () => {
    expect(matches('')).toBe(true);
  });

  it('applies = and != exactly', () => {
    expect([matches('severity=critical'), matches('severity=crit'), matches('env!=prod'), matches('env!=staging')]).toEqual([true, false, false, true]);
  });

  it('anchors regexes at both ends', () => {
    expect([matches('service=~"check.*"'), matches('service=~"heck"'), matches('service=~"checkout|search"'), matches('service!~"check.*"')]).toEqual([
      true,
      false,
      true,
      false,
    ]);
  });

  it('supports a leading (?i) for case-insensitive regexes', () => {
    expect([matches('service=~"(?i)CHECK.*"'), matches('service=~"CHECK.*"')]).toEqual([true, false]);
  });

  it('reads an absent label as empty', () => {
    expect([matches('team=""'), matches('team!=""'), matches('team=~".*"'), matches('team=~".+"')]).toEqual([true, false, true, false]);
  });

  it('matches free words case-insensitively against name, label values and annotation values', () => {
    expect([matches('higherror'), matches('PROD'), matches('5xx'), matches('runbooks.example'), matches('nothing-like-this')]).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  it('does not match words against label names', () => {
    expect(matches('runbook_url')).toBe(false);
  });

  it('needs every matcher and every word', () => {
    expect([matches('severity=critical checkout'), matches('severity=critical search'), matches('severity=warning checkout')]).toEqual([true, false, false]);
  });

  it('falls back to the alert name, and to the severity of a row kept outside its labels (an incident)', () => {
    const bare = makeAlert({fingerprint: 'g', name: 'Bare', severity: 'warning', labels: {}, source: 'pagerduty'});
    expect([matchesFilter(bare, ok(parseAlertFilter('alertname=Bare'))), matchesFilter(bare, ok(parseAlertFilter('severity=warning')))]).toEqual([true, true]);
  });

  it('reads an Alertmanager alert without a severity label as empty, as Alertmanager does, not as its placeholder none', () => {
    const bare = makeAlert({fingerprint: 'h', severity: 'none', labels: {alertname: 'Bare'}});
    const matches = (text: string) => matchesFilter(bare, ok(parseAlertFilter(text)));
    expect(['severity=""', 'severity!=""', 'severity=~".+"', 'severity=none'].map(matches)).toEqual([true, false, false, false]);
  });
});

describe('state in the filter language', () => {
  const ack = {by: 'me', until: 9e12, silenceId: 's-ack', comment: 'ACK!'};
  const alerts = {
    firing: makeAlert({fingerprint: 'f1'}),
    pending: makeAlert({fingerprint: 'f2', state: 'pending'}),
    acked: makeAlert({fingerprint: 'f3', state: 'suppressed', silencedBy: ['s-ack'], ack}),
    silenced: makeAlert({fingerprint: 'f4', state: 'suppressed', silencedBy: ['s-maint']}),
    inhibited: makeAlert({fingerprint: 'f5', state: 'suppressed', inhibitedBy: ['f1']}),
  };
  const pick = (text: string) =>
    Object.entries(alerts)
      .filter(([, a]) => matchesFilter(a, ok(parseAlertFilter(text))))
      .map(([k]) => k);

  it('matches the state and the kind of quietness, = and != and regexes, also as karma writes it (@state)', () => {
    expect(pick('state=firing')).toEqual(['firing']);
    expect(pick('state=suppressed')).toEqual(['acked', 'silenced', 'inhibited']);
    expect(pick('state=active')).toEqual(['firing', 'pending']);
    expect(pick('state!=acked')).toEqual(['firing', 'pending', 'silenced', 'inhibited']);
    expect(pick('state=~"firing|pending"')).toEqual(['firing', 'pending']);
    expect(pick('state!~"acked|silenced"')).toEqual(['firing', 'pending', 'inhibited']);
    expect(pick('@state=inhibited')).toEqual(['inhibited']);
    // An ack is a silence, but "silenced" means some other silence.
    expect(pick('state=silenced')).toEqual(['silenced']);
  });

  it('refuses a state it does not know, naming the ones it does', () => {
    expect(parseAlertFilter('state=fring')).toEqual({ok: false, offset: 6, error: 'unknown state "fring"; one of firing, pending, suppressed, active, acked, silenced, inhibited'});
  });
});
