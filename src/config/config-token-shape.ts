/**
 * Whether a string written where the *name* of a secret goes (`bearerTokenEnv`, `passwordFile` …)
 * is the secret itself. A token pasted there would pass the name check and then be printed in
 * every message that says where the secret was looked for.
 *
 * Env var names are conventionally upper-case letters, digits and `_`, but lower-case and
 * mixed-case names are legal and some setups use them (`prom_token`, `PromToken`), so case alone
 * refuses nothing. Refused are the shapes of credentials: the prefixes vendors put on their
 * tokens, the AWS access key id, a JWT, a long run mixing lower case, upper case and digits (what
 * a random token is, and no hand-written name), and, for env names, a long run without any `_`
 * (a hex or base32 secret; no one spells a 32-letter name without a word break).
 */

// GitHub (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_), GitLab (glpat-, glrt-, gldt-, glsa_ for a
// Grafana service account), Slack (xoxb- …), OpenAI-style sk-, a JWT's header (eyJ), and AWS ids.
const TOKEN_PREFIX = /^(gh[pousr]_|github_pat_|gl(pat|rt|dt)-|glsa_|glc_|xox[a-z]-|sk-|eyJ|(AKIA|ASIA)[A-Z0-9]{16}$)/;

/** Shortest run mixing lower case, upper case and digits read as a generated token. */
const MIXED_MIN = 24;

/** Shortest env name without a `_` read as a generated secret. */
const UNBROKEN_MIN = 32;

function mixedRun(word: string): boolean {
  return word.length >= MIXED_MIN && /[a-z]/.test(word) && /[A-Z]/.test(word) && /\d/.test(word) && /^[\w-]+$/.test(word);
}

/** True when `name`, given as the name of an environment variable, has the shape of a credential. */
export function envNameLooksLikeToken(name: string): boolean {
  if (TOKEN_PREFIX.test(name) || mixedRun(name)) return true;
  return name.length >= UNBROKEN_MIN && !name.includes('_');
}

/**
 * True when a file path, given as where a secret is kept, has a segment shaped like a credential.
 * Only the prefixes and the mixed run count: long lower-case segments are common in real paths
 * (`/var/run/secrets/kubernetes.io/serviceaccount/token`).
 */
export function filePathLooksLikeToken(path: string): boolean {
  return path.split(/[/\\]/).some((segment) => TOKEN_PREFIX.test(segment) || mixedRun(segment));
}

/**
 * True when a mapping key has the shape of a credential: a token pasted under `headers:` as a
 * name (`ghp_…: ''`) or made a key by a YAML slip. Only the vendor prefixes, the mixed run and a
 * long run of letters and digits without any separator count: header names are words joined by
 * `-` (`Access-Control-Allow-Credentials` is 32 characters), never one unbroken run.
 */
export function keyLooksLikeToken(key: string): boolean {
  return TOKEN_PREFIX.test(key) || mixedRun(key) || (key.length >= UNBROKEN_MIN && /^[A-Za-z0-9+/=]+$/.test(key));
}
