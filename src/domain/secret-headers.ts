/**
 * Which HTTP header names carry a credential. Two tests, one broad and one narrow: the HTTP
 * client scrubs from every message the value of any header whose name merely mentions a secret
 * (hiding a cache key costs nothing); the config refuses a literal value only under a name that
 * does carry one, since a refusal stops the whole config from loading (`X-Cache-Key`,
 * `Idempotency-Key`, `X-Session-Affinity` and `X-WEBAUTH-USER` are no credentials).
 */

// `Authorization`: the config has keys of its own that set it (bearerToken…, basicAuth, tokenEnv …).
// `Proxy-Authorization` has none, so it is a credential header like the others, given by reference.
const AUTH_HEADER = /^authorization$/i;

// Scrubbed: PRIVATE-TOKEN (GitLab), X-Api-Key, X-Auth-Token, Cookie, X-Session-Id, X-Vault-Token …
const SECRET_HEADER = /auth|token|key|secret|pass|cookie|session/i;

// Refused in clear: a name whose last word (after `-` or `_`) names the credential itself:
// PRIVATE-TOKEN, JOB-TOKEN, X-Auth-Token, X-Vault-Token, X-Api-Key, Api-Key, X-Client-Secret,
// X-Password, Cookie, X-Session, X-Session-Id, X-Auth, Proxy-Authorization.
const CREDENTIAL_HEADER = /(?:^|[-_])(?:token|secret|password|passwd|cookie|auth|authorization|session|session[-_]?id|api[-_]?key|access[-_]?key)$/i;

/** True for `Authorization`, in any case: the header the config's own credential keys set. */
export function isAuthorizationHeader(name: string): boolean {
  return AUTH_HEADER.test(name);
}

/**
 * True when a header of this name may carry a credential: the HTTP client never shows its value.
 * Broad on purpose; what the config refuses is {@link isCredentialHeader}.
 */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER.test(name);
}

/**
 * True when a header of this name carries a credential, so the config refuses its value written
 * in clear (headersEnv or headersFile give it). Always also an {@link isSecretHeader}.
 */
export function isCredentialHeader(name: string): boolean {
  return CREDENTIAL_HEADER.test(name);
}
