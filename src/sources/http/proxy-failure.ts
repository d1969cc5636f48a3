/**
 * The failures of a proxy itself, before the backend was reached: one that refused the request
 * (an HTTP proxy's 407 or 403) or did not answer in time. Their codes tell the error mapping
 * (http-errors.ts) that nothing was passed on, so a write they carried was not sent; their
 * messages are worded for the user, and never hold the proxy's credentials.
 */

/** The code of a request a proxy refused: nothing reached the backend. */
export const PROXY_REFUSED = 'ERR_PROXY_REFUSED';

/** The code of a proxy that did not answer (or open its tunnel) in time: nothing reached the backend. */
export const PROXY_TIMEOUT = 'ERR_PROXY_TIMEOUT';

/** A proxy's failure, by its code and what to say of it. */
export function proxyFailure(code: typeof PROXY_REFUSED | typeof PROXY_TIMEOUT, message: string): Error & {code: string} {
  return Object.assign(new Error(message), {code});
}

/**
 * A request an HTTP proxy answered `status` rather than pass on, worded by what fixes it:
 * `loginSent` when the proxy variable carries a user and password.
 */
export function proxyRefused(status: number, loginSent: boolean): Error & {code: string} {
  const why =
    status === 407
      ? loginSent
        ? 'it did not take the user and password in the proxy variable'
        : 'it asks for a user and password: put them in the proxy variable (http://user:password@host:port)'
      : status === 403
        ? 'it does not allow a connection to this host; name the host in NO_PROXY if it is reached directly'
        : 'nothing was passed on to the backend';
  return proxyFailure(PROXY_REFUSED, `the proxy refused (${status}): ${why}`);
}
