/**
 * Validators for single config values. Each failure carries the message the user will read, so
 * a bad value is explained where it is written rather than by a generic "invalid input".
 */
import {z} from 'zod';
import {compileRelabelRules} from '../domain/alert-relabel.ts';
import {MAX_ACK_MS, MAX_ACK_TEXT} from '../domain/ack-plan.ts';
import {WORKBOOK_TABLE} from '../domain/burn-table.ts';
import {parseDuration, prometheusDurationText} from '../domain/duration.ts';
import {isWebUrl, urlForMessage} from '../domain/sanitize.ts';
import {describeValue, quote} from './config-errors.ts';
import {envNameLooksLikeToken, filePathLooksLikeToken, valueLooksLikeToken} from './config-token-shape.ts';

/** Why credentials may not sit in the config file; the tail names what to use instead. */
export const SECRET_REASON = 'literal secrets are not allowed in config';

/**
 * What a field's bare number is read as, and the bounds the next check holds it to: the hint
 * must not suggest a value that check refuses (`timeout: 3600` told to write `3600s`, over 10m).
 */
interface BareNumberReading {
  /** `d` for an SLO window (`window: 30` means 30 days); seconds otherwise. */
  unit?: 'd';
  /** The least the field takes, as written (`3d`). */
  min?: string;
  /** The most the field takes, as written (`10m`), and in milliseconds. */
  max?: {text: string; ms: number};
}

/**
 * What a bare number written for a duration (`duration: 300`) is told: the unit it needs, as a
 * value that is itself valid (quoting `"300"` would only lead to the next error). Where the value
 * read so would be out of the field's bounds, the hint names the bounds instead.
 */
function bareNumberHint(input: unknown, reading: BareNumberReading = {}): string | undefined {
  if (typeof input !== 'number' || !Number.isFinite(input) || input <= 0) return undefined;
  const got = `(got number ${input})`;
  if (reading.unit === 'd') {
    const minMs = reading.min === undefined ? 0 : (parseDuration(reading.min) ?? 0);
    const fits = Number.isInteger(input) && (parseDuration(`${input}d`) ?? 0) >= minMs;
    if (fits) return `a duration needs a unit: write ${input}d for ${input} days, or use w ${got}`;
    return `a duration needs a unit, in days or weeks such as 30d or 4w${reading.min === undefined ? '' : `, at least ${reading.min}`} ${got}`;
  }
  if (reading.max !== undefined && input * 1000 > reading.max.ms) {
    return `a duration needs a unit, such as 30s or 5m, and is at most ${reading.max.text} ${got}`;
  }
  const seconds = Number.isInteger(input) ? prometheusDurationText(input * 1000) : null;
  const also = seconds !== null && seconds !== `${input}s` ? ` (that is ${seconds})` : '';
  return `a duration needs a unit: write ${Number.isInteger(input) ? `${input}s` : `${Math.round(input * 1000)}ms`} for ${input} seconds${also}, or use m, h, d ${got}`;
}

/** A duration field whose bare-number hint reads the number as `reading` says. */
function durationFieldReading(reading: BareNumberReading) {
  return z.string({error: (iss) => bareNumberHint(iss.input, reading)}).superRefine((text, ctx) => {
    if (parseDuration(text) === null) {
      ctx.addIssue({code: 'custom', message: `must be a Prometheus duration greater than zero, such as 30s, 5m, 1h30m or 30d (got ${quote(text)})`});
    }
  });
}

/** A Prometheus duration such as `30s`, `5m`, `1h30m`, `30d`. Kept as written; `parseDuration` reads it. */
export const durationField = durationFieldReading({});

/** Node holds a timer of at most 2^31 − 1 ms (~24.8 days); a longer one fires after 1 ms. */
const TIMER_MAX_MS = 2 ** 31 - 1;

/**
 * A duration that sets a timer: at most `max` (never past what a timer holds), or a `timeout:
 * 30d` would end every request at once and a `refresh: 30d` poll every millisecond.
 */
function timerDurationField(max: string, what: string) {
  const maxMs = Math.min(parseDuration(max) ?? TIMER_MAX_MS, TIMER_MAX_MS);
  return cappedDurationField(max, maxMs, (text) => `${what} must be at most ${max} (got ${quote(text)})`);
}

// A duration of at most `maxMs` (written `max`); `tooLong` says what is wrong with a longer one.
function cappedDurationField(max: string, maxMs: number, tooLong: (text: string) => string) {
  return durationFieldReading({max: {text: max, ms: maxMs}}).superRefine((text, ctx) => {
    const ms = parseDuration(text);
    if (ms !== null && ms > maxMs) ctx.addIssue({code: 'custom', message: tooLong(text)});
  });
}

/** A request's deadline: a backend that takes minutes to answer is down for an on-call screen. */
export const timeoutField = timerDurationField('10m', 'a request timeout');

/** How long a rollback command may run: a `kubectl rollout undo` may wait for its rollout. */
export const commandTimeoutField = timerDurationField('1h', 'a rollback command timeout');

/** A polling interval: a day at most (a pane polled less often than that shows old news). */
export const refreshField = timerDurationField('1d', 'a refresh interval');

/**
 * The length of every plain ack (the `a` key, `oncall ack` without `--duration`): held to the
 * same cap as `--duration` and `:ack`, or the file would make each ack a long silence nobody
 * chose, and a huge one a date past the clock's range.
 */
export const ackDurationField = cappedDurationField('7d', MAX_ACK_MS, (text) => `${MAX_ACK_TEXT} (got ${quote(text)})`);

/** The Workbook pair with the longest window (3d&6h): an SLO period is at least that long. */
function longestBurnWindow() {
  return WORKBOOK_TABLE.pairs.reduce((a, b) => ((parseDuration(b.long) ?? 0) > (parseDuration(a.long) ?? 0) ? b : a));
}

/**
 * An SLO's window, the period its budget covers: at least the longest window its burn table
 * reads (the Workbook's 3d&6h), or every long window reaches outside the period and the scaled
 * factors page on any error: `30m` typed for `30d`.
 */
export const sloWindowField = durationFieldReading({unit: 'd', min: longestBurnWindow().long}).superRefine((text, ctx) => {
  const problem = sloWindowProblem(text);
  if (problem !== null) ctx.addIssue({code: 'custom', message: problem});
});

/**
 * Why `text`, the window of an SLO judged by the Workbook's table, is refused, or null: the rule
 * of {@link sloWindowField}, for the OpenSLO files judged by the same table too. (Pyrra's SLOs
 * scale their burn windows to the period, so they are not held to it.)
 */
export function sloWindowProblem(text: string): string | null {
  const periodMs = parseDuration(text);
  if (periodMs === null) return null;
  const longest = longestBurnWindow();
  if (periodMs >= (parseDuration(longest.long) ?? 0)) return null;
  const days = /^(\d+)[smh]$/.exec(text)?.[1];
  const guess = days === undefined ? '' : `; did you mean ${days}d?`;
  return `an SLO window is the period its budget covers, at least ${longest.long}, the longest burn window (${longest.label}) it is judged over (got ${quote(text)}${guess})`;
}

/**
 * An `http` or `https` URL of an API, without a query string or fragment: the client builds its
 * requests from the origin and path alone, so what follows them would never be sent (and a
 * `?access_token=` there is a token in the file). (Credentials inside a URL are caught by
 * `config-secrets.ts`, which looks at every string, and whose message does not echo them.)
 */
export const webUrlField = z.string().superRefine((text, ctx) => {
  // An unparsable URL may still carry `user:pass@` or a token in its query: leave them out.
  if (!isWebUrl(text)) ctx.addIssue({code: 'custom', message: `must be an http or https URL (got ${quote(urlForMessage(text))})`});
  else if (/[?#]/.test(new URL(text).href)) {
    // Shown cut where the query (or fragment) starts: what follows may be a token.
    const cut = /^[^?#]*([?#])/.exec(text.trim())?.[1] ?? '?';
    ctx.addIssue({code: 'custom', message: `must have no query string or fragment, they are never sent (got ${quote(`${urlForMessage(text)}${cut}…`)}); use headers, pathPrefix or bearerTokenEnv/bearerTokenFile for what they carry`});
  }
});

// A host as written before the path: letters, digits, `.`/`-`, a port; an IPv6 literal in brackets.
const HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d+)?$/;

/**
 * A refused URL whose path may be its secret, as an error may show it: the scheme and host only
 * (`"hooks.slack.com/…"`, `"htps://hooks.example.com/…"`), or nothing when what stands where the
 * host goes is no host name (a token pasted with a slash after it reads as one segment).
 */
function originForMessage(text: string): string | null {
  const [, scheme = '', authority = '', rest = ''] = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)?([^/?#\\]*)(.*)$/s.exec(text.trim()) ?? [];
  // A name with a dot, `localhost` or an address (a token is one run without dots); never `user:pass@`.
  if (!HOST.test(authority) || !/[.:\]]|^localhost$/i.test(authority) || valueLooksLikeToken(authority)) return null;
  return quote(`${scheme}${authority}${rest === '' ? '' : '/…'}`);
}

/**
 * The URL of a webhook rollback or of JSON deploys: an `http` or `https` URL whose path is often
 * the hook's secret (`/services/T000/B000/XXXX`, `/hook/<token>`). A refused one is printed by
 * every command's note for its context, so the error shows its scheme and host at most.
 */
export const secretPathUrlField = z.string().superRefine((text, ctx) => {
  if (isWebUrl(text)) return;
  const shown = originForMessage(text);
  const got = shown === null ? 'not shown: its path may be the secret' : `got ${shown}; the path is not shown, it may be the secret`;
  ctx.addIssue({code: 'custom', message: `must be an http or https URL (${got})`});
});

// Said of a secret pasted where its name goes; the value itself is never repeated.
const TOKEN_NOT_NAME = 'this looks like a token, not the name of an environment variable';

/**
 * The name of an environment variable holding a secret. Never echoed: a pasted token is the
 * likely mistake, and one shaped like a name (`ghp_…` is letters, digits and `_`) is refused
 * too, or every note saying the variable is unset would print it.
 */
export const envNameField = z.string().superRefine((text, ctx) => {
  if (envNameLooksLikeToken(text)) {
    ctx.addIssue({code: 'custom', message: `${TOKEN_NOT_NAME}; put the token in an environment variable (or a file) and write its name here, e.g. PROM_TOKEN`});
  } else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(text)) {
    ctx.addIssue({code: 'custom', message: 'must be the name of an environment variable (letters, digits and _), not its value'});
  }
});

/** A file path; relative paths are resolved against the config file's directory after parsing. */
export const filePathField = z.string().min(1);

/** The path of a file holding a secret; a token pasted in its place is refused, never echoed. */
export const secretFileField = filePathField.superRefine((text, ctx) => {
  if (filePathLooksLikeToken(text)) {
    ctx.addIssue({code: 'custom', message: 'this looks like a token, not the path of a file; put the token in a file and write its path here'});
  }
});

/** Any non-empty text: a name, an id, a label value. */
export const nameField = z.string().min(1);

/** A PromQL query template; `{{.window}}` is replaced by each burn-rate window (as Sloth writes it). */
export const queryField = z.string().superRefine((text, ctx) => {
  if (!text.includes('{{.window}}')) {
    ctx.addIssue({code: 'custom', message: 'query must contain {{.window}} in its range selector, e.g. rate(x[{{.window}}]), so each burn-rate window can be measured'});
  }
});

/**
 * An SLO objective in percent, strictly between 0 and 100 (100 leaves no error budget at all),
 * and at least 1: below that it is a fraction written for a percentage (OpenSLO writes `0.999`),
 * whose budget of 99.9 % of requests never burns fast enough to page.
 */
export const objectiveField = z.number().superRefine((n, ctx) => {
  const problem = objectiveProblem(n);
  if (problem !== null) ctx.addIssue({code: 'custom', message: problem});
});

/**
 * Why `n`, an objective written in percent, is refused, or null: the rule of {@link objectiveField},
 * for the SLO files (Sloth `objective`, OpenSLO `targetPercent`, Pyrra `target`) too.
 */
export function objectiveProblem(n: number): string | null {
  if (!(n > 0 && n < 100)) return `objective must be a percentage between 0 and 100, exclusive, e.g. 99.9 (got ${n})`;
  if (n >= 1) return null;
  // 0.999 * 100 is 99.9 only after rounding off the binary noise.
  const percent = Number((n * 100).toPrecision(12));
  return `objective is a percentage: ${n} means ${n} %, an error budget of ${Number((100 - n).toPrecision(12))} % of requests; did you mean ${percent} (percent)?`;
}

/** A GitHub-style `owner/name` repository. */
export const repoField = z.string().regex(/^[\w.-]+\/[\w.-]+$/, 'must be a repository as owner/name, e.g. acme/shop');

/** A GitHub Actions workflow as the REST API names it: its file name or its numeric id. */
export const workflowField = z.string().superRefine((text, ctx) => {
  if (/^\d+$/.test(text) || /^[\w.-]+\.ya?ml$/.test(text)) return;
  const why = text.includes('/') ? 'must be the file name without its folder, e.g. deploy.yml' : 'must be a workflow file name such as deploy.yml, or its numeric id';
  ctx.addIssue({code: 'custom', message: `${why} (got ${quote(text)})`});
});

/** A GitHub event that triggers workflows, as the runs list filters by it. */
export const githubEventField = z.string().regex(/^[a-z_]+$/, 'must be a GitHub event name such as push, release or workflow_dispatch');

/** The named groups a workflow run's `titlePattern` may fill (the deploy source reads the same three). */
export const TITLE_PATTERN_GROUPS = ['environment', 'service', 'version'] as const;

/**
 * A regular expression over a workflow run's title (its `run-name`), with named groups for what
 * the run deployed. It must compile, and name only groups the source reads: a misspelt group
 * would silently leave every run without its environment.
 */
export const titlePatternField = z.string().superRefine((text, ctx) => {
  try {
    new RegExp(text);
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    ctx.addIssue({code: 'custom', message: `must be a regular expression (${why})`});
    return;
  }
  const known: readonly string[] = TITLE_PATTERN_GROUPS;
  const groups = [...text.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((m) => m[1] ?? '');
  const wanted = TITLE_PATTERN_GROUPS.map((g) => `(?<${g}>…)`).join(', ');
  const unknown = groups.filter((g) => !known.includes(g));
  if (unknown.length > 0) {
    ctx.addIssue({code: 'custom', message: `named group ${quote(unknown[0] ?? '')} is not one of ${wanted}`});
  } else if (groups.length === 0) {
    ctx.addIssue({code: 'custom', message: `must name at least one group: ${wanted}, e.g. '^Deploy (?<version>\\S+) to (?<environment>\\w+)$'`});
  }
});

/** String-to-string map, for headers, inputs and service-name mappings. */
export const stringMapField = z.record(z.string(), z.string());

const EXTERNAL_LABELS_HINT = 'must be auto or a mapping of label name to value, e.g. {cluster: eu-1}';

/**
 * Prometheus' `external_labels` as written in `global:` of its own config (a mapping of label
 * name to value), or `auto` to read them from the server. An empty value is refused: Prometheus
 * treats a label with an empty value as no label, so it is a mistake here.
 */
export const externalLabelsField = z.custom<'auto' | Record<string, string>>().superRefine((value, ctx) => {
  if (value === 'auto') return;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.addIssue({code: 'custom', message: `${EXTERNAL_LABELS_HINT} (got ${describeValue(value)})`});
    return;
  }
  for (const [name, label] of Object.entries(value as Record<string, unknown>)) {
    if (name === '') ctx.addIssue({code: 'custom', path: [name], message: 'a label name must not be empty'});
    else if (typeof label !== 'string') {
      const hint = typeof label === 'number' || typeof label === 'boolean' ? ` (quote it: "${String(label)}")` : '';
      ctx.addIssue({code: 'custom', path: [name], message: `expected a string, got ${describeValue(label)}${hint}`});
    } else if (label === '') {
      ctx.addIssue({code: 'custom', path: [name], message: 'must not be empty (Prometheus drops a label whose value is empty)'});
    }
  }
});

/**
 * Prometheus' `alert_relabel_configs`, copied as written in its YAML (`source_labels`,
 * `target_label`, …). Each rule must compile here, so a rule the dashboard would have to skip
 * (unknown action or key, a regex it cannot express) is an error at its own path.
 */
export const alertRelabelConfigsField = z.array(z.unknown()).superRefine((list, ctx) => {
  for (const problem of compileRelabelRules(list).problems) {
    ctx.addIssue({code: 'custom', path: problem.key === null ? [problem.index] : [problem.index, problem.key], message: problem.message});
  }
});

/**
 * A runbook template: an http(s) URL or a local file path, with `{{label}}` placeholders. Other
 * URL schemes are refused, as the runbook opener refuses them.
 */
export const runbookTemplateField = z.string().superRefine((text, ctx) => {
  const scheme = /^([a-z][a-z0-9+.-]+):/i.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    ctx.addIssue({code: 'custom', message: `must be an http or https URL or a file path (got ${quote(text)})`});
  }
});

/** Options every HTTP client to a backend understands. */
export const tlsShape = {
  caFile: filePathField.optional(),
  insecureSkipVerify: z.boolean().default(false),
  timeout: timeoutField.default('10s'),
};

/**
 * Headers whose values are credentials (`PRIVATE-TOKEN`, `X-Api-Key`), given by reference: the
 * name of an environment variable or the path of a file per header, as `headers` gives the
 * others. A header named in `headers` too is refused by the rules.
 */
export const secretHeadersShape = {
  headersEnv: z.record(z.string(), envNameField).optional(),
  headersFile: z.record(z.string(), secretFileField).optional(),
};

/** Where a token comes from: an environment variable or a file, never the config itself. */
export const tokenShape = {
  tokenEnv: envNameField.optional(),
  tokenFile: secretFileField.optional(),
};
