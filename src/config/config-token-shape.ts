/**
 * Whether a string written where the *name* of a secret goes (`bearerTokenEnv`, `passwordFile` …)
 * is the secret itself. A token pasted there would pass the name check and then be printed in
 * every message that says where the secret was looked for.
 *
 * A refusal stops the whole config from loading, and with it the on-call tool, so only strong
 * shapes of a credential count and a weird token is let through rather than a real name refused:
 * names such as `PrometheusBearerTokenEu1West`, `sk-prod` or `ghs_admin` are legal and in use.
 * Strong shapes are a vendor's prefix followed by a long random-looking run (what the vendor
 * appends to it), a JWT, an AWS access key id, and, where a name is expected (env names, keys),
 * a long run of letters and digits that is no words: pieces one or two characters long (case
 * and digits alternating) or a long stretch without a vowel.
 */

// GitHub (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_), GitLab (glpat-, glrt-, gldt-), Grafana
// (glsa_ for a service account, glc_ for Cloud), Slack (xoxb- …) and OpenAI-style sk-.
const VENDOR_PREFIX = /^(gh[pousr]_|github_pat_|gl(pat|rt|dt)-|glsa_|glc_|xox[a-z]-|sk-)/;

/** Shortest tail after a vendor prefix read as a token: GitLab's 20 characters, the shortest vendor's. */
const VENDOR_TAIL_MIN = 20;

/** Shortest run of letters and digits, inside such a tail, read as random: no word is this long with a digit in it. */
const VENDOR_RUN_MIN = 12;

// A JWT (its header always starts `{"` in base64url: `eyJ`), alone or with its payload and signature.
const JWT = /^eyJ[A-Za-z0-9_-]{10,}(\.[A-Za-z0-9_-]*){0,2}$/;

// An AWS access key id, whole.
const AWS_KEY_ID = /^(AKIA|ASIA)[A-Z0-9]{16}$/;

/** Shortest run of letters and digits, without a vendor prefix, that may be read as a generated token. */
const RANDOM_RUN_MIN = 24;

/** Shortest letters without a vowel read as random (`XMLHTTP` is 7). */
const NO_VOWEL_MIN = 8;

/** A vendor's prefix, then a long tail holding a long run with a digit: `sk-prod` and `ghs_admin_deploy_key_2024` are names. */
function vendorToken(text: string): boolean {
  const prefix = VENDOR_PREFIX.exec(text);
  if (prefix === null) return false;
  const tail = text.slice(prefix[0].length);
  if (tail.length < VENDOR_TAIL_MIN || !/^[A-Za-z0-9_-]+$/.test(tail)) return false;
  return (tail.match(/[A-Za-z0-9]+/g) ?? []).some((run) => run.length >= VENDOR_RUN_MIN && /\d/.test(run));
}

/**
 * True when a run of letters and digits of {@link RANDOM_RUN_MIN} or more reads as no words:
 * split where case or digits change (`PrometheusBearerToken` is 3 words), a name's pieces are
 * words of several letters, a random token's one or two characters on average; or it holds a
 * long stretch of letters without a vowel (a base32 or hex secret). Long words run together
 * (`prometheusbearertokenproduction`) are a name: a secret that looks like that is let through.
 */
function randomRun(run: string): boolean {
  if (run.length < RANDOM_RUN_MIN) return false;
  const pieces = run.match(/[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+/g) ?? [];
  if (run.length / pieces.length < 2.5) return true;
  return pieces.some((piece) => piece.length >= NO_VOWEL_MIN && /^[A-Za-z]+$/.test(piece) && !/[aeiou]/i.test(piece));
}

function strongShape(text: string): boolean {
  return vendorToken(text) || JWT.test(text) || AWS_KEY_ID.test(text);
}

function hasRandomRun(text: string): boolean {
  return (text.match(/[A-Za-z0-9]+/g) ?? []).some(randomRun);
}

/** True when `name`, given as the name of an environment variable, has the shape of a credential. */
export function envNameLooksLikeToken(name: string): boolean {
  return strongShape(name) || hasRandomRun(name);
}

/**
 * True when a file path, given as where a secret is kept, has the shape of a credential. Only the
 * last segment counts, and only the strong shapes: directories are named by whoever set the
 * machine up (`/home/ghs_admin/…`, `/vault/secrets/sk-prod/…`), and a file name may be anything
 * (`Prod2024ServiceAccountToken.txt`, a hash).
 */
export function filePathLooksLikeToken(path: string): boolean {
  const last = path.split(/[/\\]/).at(-1) ?? '';
  return strongShape(last);
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
