/**
 * The failures of a proxy itself, before the backend was reached: one that did not answer in
 * time. Their codes tell the error mapping (http-errors.ts) that nothing was passed on, so a
 * write they carried was not sent; their messages are worded for the user, and never hold the
 * proxy's credentials.
 */

/** The code of a proxy that did not answer (or open its tunnel) in time: nothing reached the backend. */
export const PROXY_TIMEOUT = 'ERR_PROXY_TIMEOUT';

/** A proxy's failure, by its code and what to say of it. */
export function proxyFailure(code: typeof PROXY_TIMEOUT, message: string): Error & {code: string} {
  return Object.assign(new Error(message), {code});
}

