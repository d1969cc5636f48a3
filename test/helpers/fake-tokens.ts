/**
 * Token-shaped strings built when the test runs, never written out whole in the source: a test of
 * what the config does with a pasted credential needs something that has a real token's shape,
 * and a committed literal of that shape reads as a leaked secret to anyone (or any scanner)
 * reading the repository. The body is a fixed pseudo-random run, so every run sees the same value.
 */

const ALPHABET = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** `length` characters of a fixed pseudo-random run over letters of both cases and digits (`seed` picks the run). */
export function randomRun(length: number, seed = 1): string {
  let state = (seed * 2654435761) >>> 0 || 1;
  let out = '';
  for (let i = 0; i < length; i++) {
    // xorshift32: spread enough to read as random, and the same for every run.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    out += ALPHABET[state % ALPHABET.length];
  }
  return out;
}

/** A value of a vendor token's shape: `prefix` then `length` random-looking characters. */
export function fakeToken(prefix: string, length: number, seed = 1): string {
  return `${prefix}${randomRun(length, seed)}`;
}

/**
 * A name that starts as a vendor writes its tokens (`prefix`, lower case) and goes on in `words`
 * joined by `separator`: what the config must refuse as a name, built here so the source never
 * holds a vendor-prefixed string long enough to pass for a credential.
 */
export function vendorName(prefix: string, words: readonly string[], separator = '_'): string {
  return `${prefix}${words.join(separator)}`;
}

/** A JSON Web Token's shape (header, payload, signature), built from plain JSON at run time. */
export function fakeJwt(): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({alg: 'HS256'})}.${part({sub: 'test'})}.${randomRun(16, 7)}`;
}
