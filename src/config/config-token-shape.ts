/**
 * Whether a string written where the *name* of a secret goes (`bearerTokenEnv`, `passwordFile` …)
 * is the secret itself. A token pasted there would pass the name check and then be printed in
 * every message that says where the secret was looked for.
 *
 * A refusal stops the whole config from loading, and with it the on-call tool, so only strong
 * shapes of a credential count and a weird token is let through rather than a real name refused:
 * names such as `PrometheusBearerTokenEu1West`, `sk-prod` or `ghs_admin` are legal and in use.
 * Strong shapes, anywhere, are a vendor's prefix followed by 20 characters or more (what the
 * vendor appends to it; after `sk-`, unless those are words in one case), a JWT, an AWS access key
 * id, a whole hex string of 32 digits or more, and whole base64 of 32 characters or more mixing
 * case and digits that reads as no words. Where a name is expected (env names, keys), a long run of
 * letters and digits that is no words also counts: pieces one or two characters long (case and
 * digits alternating) or a long stretch without a vowel.
 */

// GitHub (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_), GitLab (glpat-, glrt-, gldt-), Grafana
// (glsa_ for a service account, glc_ for Cloud), Slack (xoxb- …) and OpenAI-style sk-. Vendors
// write them in lower case; an env name is written in upper case (`GHS_DEPLOY_KEY_PROD`).
const VENDOR_PREFIX = /^(gh[pousr]_|github_pat_|gl(pat|rt|dt)-|glsa_|glc_|xox[a-z]-|sk-)/;

/**
 * The one prefix that also starts names: `sk` is short for a secret or signing key
 * (`sk-prod-metrics-reader-token`). Every other prefix is its vendor's own: no name starts
 * with `ghs_` or `glpat-` in lower case, so what follows it is a token's even when it reads as
 * words (`ghs_` then `admin_deploy_key_2024_prod` is refused).
 */
const NAME_PREFIX = 'sk-';

/** Shortest tail after a vendor prefix read as a token: GitLab's 20 characters, the shortest vendor's. */
const VENDOR_TAIL_MIN = 20;

/** Longest word of a name after {@link NAME_PREFIX} (`sk-prod-metrics-reader`): longer is a token's run. */
const VENDOR_WORD_MAX = 15;

// A JWT (its header always starts `{"` in base64url: `eyJ`), alone or with its payload and signature.
const JWT = /^eyJ[A-Za-z0-9_-]{10,}(\.[A-Za-z0-9_-]*){0,2}$/;

// An AWS access key id, whole.
const AWS_KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{16}$/;

// A hex secret, whole: 16 bytes or more. No name is 32 hex digits.
const HEX_SECRET = /^[0-9a-f]{32,}$/i;

// Base64 (standard or URL-safe, never both), whole: 24 bytes or more.
const BASE64 = /^(?:[A-Za-z0-9+/]{32,}={0,2}|[A-Za-z0-9_-]{32,})$/;

/** Shortest file name made of one mixed-case run with digits read as a token. */
const FILE_RUN_MIN = 24;

/**
 * Share of a string's characters in words (three letters or more, with a vowel, split where case
 * or digits change) from which it reads as a name. A name is mostly words
 * (`PrometheusBearerTokenEu1West` 0.89, `PagerDutyAPIv2KeyForSREOncallTeam` 0.85); random base64
 * of 32 bytes is above 0.75 less than once in ten thousand.
 */
const WORD_SHARE_MIN = 0.75;

/**
 * A vendor's prefix then 20 characters or more of what vendors append. The one tail let through
 * is a name's after {@link NAME_PREFIX}: short words in one case joined by `-` or `_`
 * (`sk-prod-metrics-reader-token`), which a random tail of 20 characters is about once in 30 000.
 */
function vendorToken(text: string): boolean {
  const prefix = VENDOR_PREFIX.exec(text);
  if (prefix === null) return false;
  const tail = text.slice(prefix[0].length);
  if (tail.length < VENDOR_TAIL_MIN || !/^[A-Za-z0-9_-]+$/.test(tail)) return false;
  if (prefix[0] !== NAME_PREFIX) return true;
  const oneCase = /^[a-z0-9_-]+$/.test(tail) || /^[A-Z0-9_-]+$/.test(tail);
  const wordsInOneCase = oneCase && tail.split(/[-_]/).every((word) => word.length <= VENDOR_WORD_MAX) && /[-_]/.test(tail);
  return !wordsInOneCase;
}

/** Whether `text` reads as words run together (see {@link WORD_SHARE_MIN}). */
function readsAsWords(text: string): boolean {
  const pieces = text.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+/g) ?? [];
  const inWords = pieces.filter((piece) => piece.length >= 3 && /[aeiouy]/i.test(piece)).reduce((sum, piece) => sum + piece.length, 0);
  return inWords / text.length >= WORD_SHARE_MIN;
}

/** Lower case, upper case and digits all present: a generated token's alphabet, and rarely a name's. */
function mixedCaseAndDigits(text: string): boolean {
  return /[a-z]/.test(text) && /[A-Z]/.test(text) && /\d/.test(text);
}

/**
 * Base64 of 24 bytes or more that is no words: both cases, and digits or base64's own signs (a
 * random 32 bytes lacks a digit about once in 1 500). Names in one case are not base64.
 */
function base64Token(text: string): boolean {
  return BASE64.test(text) && /[a-z]/.test(text) && /[A-Z]/.test(text) && /[\d+/=_-]/.test(text) && !readsAsWords(text);
}

/** The shapes that count wherever the text is, each over the whole string. */
function strongShape(text: string): boolean {
  return vendorToken(text) || JWT.test(text) || AWS_KEY_ID.test(text) || HEX_SECRET.test(text) || base64Token(text);
}

/**
 * True when a run of letters and digits of {@link RANDOM_RUN_MIN} or more inside a name reads as
 * no words: pieces one or two characters long on average, or a long stretch of letters without a
 * vowel (a base32 secret).
 */
function randomRun(run: string): boolean {
  if (run.length < RANDOM_RUN_MIN) return false;
  const pieces = run.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? [];
  if (run.length / pieces.length < 2.5) return true;
  return pieces.some((piece) => piece.length >= NO_VOWEL_MIN && /^[A-Za-z]+$/.test(piece) && !/[aeiou]/i.test(piece));
}

/** Shortest run of letters and digits, without a vendor prefix, that may be read as a generated token. */
const RANDOM_RUN_MIN = 24;

/** Shortest letters without a vowel read as random (`XMLHTTP` is 7). */
const NO_VOWEL_MIN = 8;

function hasRandomRun(text: string): boolean {
  return (text.match(/[A-Za-z0-9]+/g) ?? []).some(randomRun);
}

/** True when `name`, given as the name of an environment variable, has the shape of a credential. */
export function envNameLooksLikeToken(name: string): boolean {
  return strongShape(name) || hasRandomRun(name);
}

/**
 * True when a file path, given as where a secret is kept, has the shape of a credential. Only the
 * last segment counts: directories are named by whoever set the machine up (`/home/ghs_admin/…`,
 * `/vault/secrets/sk-prod/…`). It counts when it has a strong shape, or is one long run mixing
 * case and digits that is no words and has no `.` (`Prod2024ServiceAccountToken.txt` is a file
 * name). The whole value counts as standard base64 only with a `+` or a trailing `=`, which no
 * path has: that token holds `/`, which would split it into segments.
 */
export function filePathLooksLikeToken(path: string): boolean {
  const last = path.split(/[/\\]/).at(-1) ?? '';
  if (strongShape(last) || (/[+=]/.test(path) && base64Token(path))) return true;
  return last.length >= FILE_RUN_MIN && /^[A-Za-z0-9]+$/.test(last) && mixedCaseAndDigits(last) && !readsAsWords(last);
}

/**
 * True when a mapping key has the shape of a credential: a token pasted under `headers:` as a
 * name (`ghp_…: ''`) or made a key by a YAML slip. Header names (`X-Scope-OrgID`,
 * `Access-Control-Allow-Credentials`) and config keys (`bearerTokenEnv`) are words: only the
 * strong shapes and a run that reads as no words count.
 */
export function keyLooksLikeToken(key: string): boolean {
  return strongShape(key) || hasRandomRun(key);
}

/**
 * True when a value written under a key that holds no secret (`url`, `timeout`,
 * `current-context`) is a credential pasted a line off: one of the strong shapes, over the value
 * without the spaces and newline a paste brings. Errors quote such values, so they must not.
 */
export function valueLooksLikeToken(value: string): boolean {
  return strongShape(value.trim());
}
