/**
 * Alertmanager's alert fingerprint, reimplemented so that a pending alert read from Prometheus
 * and the same alert later read from Alertmanager carry the same key and deduplicate.
 *
 * Alertmanager uses `model.LabelSet.Fingerprint()` from prometheus/common: 64-bit FNV-1a over
 * the label names in sorted order, each name and value followed by a 0xff separator byte, printed
 * as 16 lower-case hex digits. 0xff never occurs in UTF-8, so no two label sets collide by
 * shifting bytes between a name and a value.
 */

const OFFSET = 0xcbf29ce484222325n;
const PRIME = 0x100000001b3n;
const SEPARATOR = 0xff;
const encoder = new TextEncoder();

/** The fingerprint Alertmanager reports for an alert with exactly these labels. */
export function alertFingerprint(labels: Record<string, string>): string {
  const names = Object.keys(labels).sort(compareBytes);
  if (names.length === 0) return OFFSET.toString(16).padStart(16, '0');
  let hash = OFFSET;
  const feed = (bytes: Uint8Array) => {
    for (const byte of bytes) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * PRIME);
  };
  const separator = Uint8Array.of(SEPARATOR);
  for (const name of names) {
    feed(encoder.encode(name));
    feed(separator);
    feed(encoder.encode(labels[name] ?? ''));
    feed(separator);
  }
  return hash.toString(16).padStart(16, '0');
}

// Go sorts strings by bytes; JS compares UTF-16 code units. They agree except for characters
// outside the Basic Multilingual Plane, so compare the encodings when either side has one.
function compareBytes(a: string, b: string): number {
  if (!/[\ud800-\udfff]/.test(a + b)) return a < b ? -1 : a > b ? 1 : 0;
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
