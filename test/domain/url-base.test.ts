import {describe, expect, it} from 'vitest';
import {urlBase} from '../../src/domain/url-base.ts';
import {randomRun} from '../helpers/fake-tokens.ts';

describe('urlBase', () => {
  it('keeps scheme, host, port and path, adds the prefix, drops the trailing /', () => {
    expect(urlBase('http://127.0.0.1:9093')).toBe('http://127.0.0.1:9093');
    expect(urlBase('https://am.example.com/alertmanager/', '/prefix')).toBe('https://am.example.com/alertmanager/prefix');
    expect(urlBase('https://grafana.example.com//', '/grafana')).toBe('https://grafana.example.com/grafana');
  });

  it('never carries credentials, a query string or a fragment', () => {
    const secret = randomRun(24, 3);
    for (const url of [
      `https://alice:${secret}@am.example.com:9093`,
      `https:alice:${secret}@am.example.com:9093`,
      ` https:/alice:${secret}@am.example.com:9093/`,
      `https://am.example.com:9093/?access_token=${secret}`,
      `https://am.example.com:9093#id_token=${secret}`,
    ]) {
      expect(urlBase(url), url).toBe('https://am.example.com:9093');
    }
    // Not a URL at all: still nothing after the path.
    expect(urlBase(`am.example.com/x?token=${secret}`)).toBe('am.example.com/x');
  });
});
