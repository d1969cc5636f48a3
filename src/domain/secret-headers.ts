/**
 * Which HTTP header names carry a credential. One list for the config, which refuses such a
 * header written with a literal value, and for the HTTP client, which scrubs their values from
 * every message: a header the client hides is one the config must not hold in clear.
 */

// `Authorization` and `Proxy-Authorization`: the config names their replacements itself.
const AUTH_HEADER = /^(proxy-)?authorization$/i;

// PRIVATE-TOKEN (GitLab), X-Api-Key, X-Auth-Token, Cookie, X-Session-Id, X-Vault-Token …
const SECRET_HEADER = /auth|token|key|secret|pass|cookie|session/i;

/** True for `Authorization` and `Proxy-Authorization`, in any case. */
export function isAuthorizationHeader(name: string): boolean {
  return AUTH_HEADER.test(name);
}

/** True when a header of this name may carry a credential (its value is never shown). */
export function isSecretHeader(name: string): boolean {
  return SECRET_HEADER.test(name);
}
