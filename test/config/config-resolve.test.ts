import {describe, expect, it} from 'vitest';
import {parseConfig} from '../../src/config/config-load.ts';
import {resolveConfigFile} from '../../src/config/config-resolve.ts';

describe('resolveConfigFile', () => {
  const base = {baseDir: '/etc/oncall', home: '/home/user'};
  it('resolves relative paths against the config folder', () => {
    expect(resolveConfigFile('ca.pem', base)).toBe('/etc/oncall/ca.pem');
    expect(resolveConfigFile('../shared/ca.pem', base)).toBe('/etc/shared/ca.pem');
  });
  it('keeps absolute paths and expands ~/', () => {
    expect(resolveConfigFile('/run/ca.pem', base)).toBe('/run/ca.pem');
    expect(resolveConfigFile('~/ca.pem', base)).toBe('/home/user/ca.pem');
  });
  it('leaves ~/ as written without a home directory, not joined under the config folder', () => {
    // config-load.ts: "none (no $HOME …) leaves such paths as written rather than failing"; it
    // became /etc/oncall/~/ca.pem, and the note about the missing file named that path.
    expect(resolveConfigFile('~/ca.pem', {baseDir: '/etc/oncall'})).toBe('~/ca.pem');
    expect(resolveConfigFile('~', {baseDir: '/etc/oncall'})).toBe('~');
    expect(resolveConfigFile('~user/ca.pem', {baseDir: '/etc/oncall'})).toBe('/etc/oncall/~user/ca.pem');
  });
});

describe('path resolution in parseConfig', () => {
  const text = `current-context: prod
contexts:
  - name: prod
    prometheus: {url: http://p, basicAuth: {username: u, passwordFile: pw}}
    alertmanagers: [{url: http://a, caFile: ca.pem, bearerTokenFile: /abs/token}]
    sloFiles: [slos/*.yaml, /abs/slos/*.yaml]
    runbookTemplate: runbooks/{{alertname}}.md
    deploys: {provider: argocd, apiUrl: https://argocd, app: shop, caFile: ca.pem, tokenFile: ~/argocd}
    rollback: {provider: webhook, url: https://hook, secretFile: hook-secret}
  - name: dev
    prometheus: {url: http://p}
    runbookTemplate: https://wiki/{{alertname}}
    deploys: {provider: json, file: deploys.json}
    rollback: {provider: gitlab, project: acme/shop, tokenFile: gl}
`;

  it('makes every file path absolute from the config file folder, and leaves URLs alone', () => {
    const result = parseConfig(text, '/etc/oncall/config.yaml', {home: '/home/user'});
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const [prod, dev] = result.config.contexts;
    expect(prod?.prometheus?.basicAuth).toEqual({username: 'u', passwordFile: '/etc/oncall/pw'});
    expect(prod?.alertmanagers[0]).toMatchObject({caFile: '/etc/oncall/ca.pem', bearerTokenFile: '/abs/token'});
    expect(prod?.sloFiles).toEqual(['/etc/oncall/slos/*.yaml', '/abs/slos/*.yaml']);
    expect(prod?.runbookTemplate).toBe('/etc/oncall/runbooks/{{alertname}}.md');
    expect(prod?.deploys).toMatchObject({caFile: '/etc/oncall/ca.pem', tokenFile: '/home/user/argocd'});
    expect(prod?.rollback).toMatchObject({secretFile: '/etc/oncall/hook-secret'});
    expect(dev?.runbookTemplate).toBe('https://wiki/{{alertname}}');
    expect(dev?.deploys).toMatchObject({file: '/etc/oncall/deploys.json'});
    expect(dev?.rollback).toMatchObject({tokenFile: '/etc/oncall/gl'});
  });

  it('takes the base folder from the options when given', () => {
    const result = parseConfig(text, 'config.yaml', {baseDir: '/srv/conf'});
    expect(result.ok && result.config.contexts[0]?.sloFiles[0]).toBe('/srv/conf/slos/*.yaml');
  });
});
