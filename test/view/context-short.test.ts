/** Short context names: unique among the contexts shown, a production one still says so in text. */
import {describe, expect, it} from 'vitest';
import {cutContextLabel, leastContextWidth, SHORT_CONTEXT_WIDTH, shortContextNames, shortJoinedName} from '../../src/view/context-short.ts';
import {cellWidth, truncate} from '../../src/view/text-fit.ts';

const prod = (name: string) => ({name, production: true});
const plain = (name: string) => ({name, production: false});

describe('shortContextNames', () => {
  it('drops the shared prefix of two production regions, keeping the PROD word', () => {
    expect([...shortContextNames([prod('prod-eu'), prod('prod-us')]).values()]).toEqual(['PROD eu', 'PROD us']);
  });

  it('keeps a set whose cut labels already differ as the user knows it', () => {
    expect([...shortContextNames([plain('staging'), prod('prod-eu')]).values()]).toEqual(['staging', 'PROD prod-eu']);
  });

  it('shortens every context of a set where some would cut alike, the others by what is their own', () => {
    expect([...shortContextNames([plain('staging'), prod('prod-eu'), prod('prod-us')]).values()]).toEqual(['staging', 'PROD eu', 'PROD us']);
  });

  it('drops a shared suffix too, and uses the letter P where the PROD word and the name do not fit together', () => {
    const short = shortContextNames([prod('payments-eu-west-1'), prod('payments-us-east-1')]);
    for (const s of short.values()) {
      expect(s.startsWith('P ')).toBe(true);
      expect(cellWidth(s)).toBeLessThanOrEqual(SHORT_CONTEXT_WIDTH);
    }
    expect(new Set(short.values()).size).toBe(2);
    // Cut at the end, both would read `PROD p…`.
    expect(truncate('PROD payments-eu-west-1', SHORT_CONTEXT_WIDTH)).toBe(truncate('PROD payments-us-east-1', SHORT_CONTEXT_WIDTH));
  });

  it('gives twenty contexts twenty distinct names that fit the column', () => {
    const list = Array.from({length: 20}, (_, i) => (i % 2 ? prod : plain)(`region-${String(i).padStart(2, '0')}-main`));
    const short = [...shortContextNames(list).values()];
    expect(new Set(short).size).toBe(20);
    for (const s of short) expect(cellWidth(s)).toBeLessThanOrEqual(SHORT_CONTEXT_WIDTH);
    short.forEach((s, i) => expect(s.startsWith('PROD ')).toBe(i % 2 === 1));
  });

  it('keeps the full labels where no short form tells the contexts apart', () => {
    const list = [plain('a-bbbbxbbbbb-c'), plain('a-bbbbybbbbb-c')];
    expect([...shortContextNames(list).values()]).toEqual(['a-bbbbxbbbbb-c', 'a-bbbbybbbbb-c']);
  });
});

describe('shortJoinedName', () => {
  it('joins production members under the PROD word their own short names say, wider than the column or not', () => {
    const members = [prod('prod-eu'), prod('prod-us')];
    const short = shortContextNames(members);
    expect([...short.values()]).toEqual(['PROD eu', 'PROD us']);
    // Not `P eu+us` beside another row's `PROD eu`: the same word for production in every row.
    const joined = shortJoinedName(members, short);
    expect(joined).toBe('PROD eu+us');
    expect(leastContextWidth([joined, 'PROD eu', 'staging'], 20)).toBe(cellWidth(joined));
    expect(leastContextWidth(['PROD eu', 'staging'], 20)).toBe(SHORT_CONTEXT_WIDTH);
    // A set whose own names say `P` keeps `P` joined.
    const long = [prod('payments-eu-west-1'), prod('payments-us-east-1')];
    expect(shortJoinedName(long, shortContextNames(long))).toMatch(/^P [^+]+\+[^+]+$/);
  });

  it('joins the full labels of a set that needed no short names', () => {
    const members = [prod('prod-eu'), plain('staging')];
    expect(shortJoinedName(members, shortContextNames(members))).toBe('PROD prod-eu+staging');
  });
});

describe('cutContextLabel', () => {
  const eu = 'gke_payments-platform-prod-4711_europe-west1_payments-main-eu';
  const us = 'gke_payments-platform-prod-4711_us-central1-a_payments-main-us';

  it('keeps a label that fits whole', () => {
    expect(cutContextLabel('prod-us', true, ['prod-eu', 'prod-us'], 20)).toBe('PROD prod-us');
  });

  it('cuts the name in the middle, the PROD word whole, within the cells given', () => {
    const label = cutContextLabel(us, true, [eu, us], 40);
    expect(label).toMatch(/^PROD gke_.*….*main-us$/);
    expect(cellWidth(label!)).toBeLessThanOrEqual(40);
  });

  it('gives no cut that another context could read as its own', () => {
    // Both start `payments-` and end `od-main-1`: the cut names either.
    expect(cutContextLabel('payments-cluster-us-prod-main-1', true, ['payments-cluster-eu-prod-main-1'], 24)).toBeNull();
  });

  it('gives no cut with nothing kept on a side of the ellipsis', () => {
    expect(cutContextLabel(us, true, [eu], 7)).toBeNull();
  });
});
