import {describe, expect, it} from 'vitest';
import {actionLogPath, NO_HOME, resolveConfigPath, stateDir, userActionLogPath, userHome} from '../../src/platform/paths.ts';

const home = '/home/user';

describe('resolveConfigPath', () => {
  it('prefers the --config flag over everything else', () => {
    const env = {ONCALL_CONFIG: '/etc/oncall.yaml', XDG_CONFIG_HOME: '/xdg'};
    expect(resolveConfigPath({flag: '/srv/oncall.yaml', env, home})).toEqual({
      path: '/srv/oncall.yaml',
      tried: ['/srv/oncall.yaml (--config)'],
    });
  });

  it('expands a leading ~/ in the flag and in $ONCALL_CONFIG', () => {
    expect(resolveConfigPath({flag: '~/oc.yaml', env: {}, home}).path).toBe('/home/user/oc.yaml');
    expect(resolveConfigPath({env: {ONCALL_CONFIG: '~/oc.yaml'}, home}).path).toBe('/home/user/oc.yaml');
  });

  it('uses $ONCALL_CONFIG when there is no flag', () => {
    expect(resolveConfigPath({env: {ONCALL_CONFIG: '/etc/oncall.yaml', XDG_CONFIG_HOME: '/xdg'}, home})).toEqual({
      path: '/etc/oncall.yaml',
      tried: ['--config (not given)', '/etc/oncall.yaml ($ONCALL_CONFIG)'],
    });
  });

  it('treats an empty flag and an empty $ONCALL_CONFIG as unset', () => {
    expect(resolveConfigPath({flag: '', env: {ONCALL_CONFIG: ''}, home}).path).toBe('/home/user/.config/oncall/config.yaml');
  });

  it('uses an absolute $XDG_CONFIG_HOME', () => {
    expect(resolveConfigPath({env: {XDG_CONFIG_HOME: '/xdg/conf'}, home})).toEqual({
      path: '/xdg/conf/oncall/config.yaml',
      tried: ['--config (not given)', '$ONCALL_CONFIG (not set)', '/xdg/conf/oncall/config.yaml (from $XDG_CONFIG_HOME)'],
    });
  });

  it('falls back to ~/.config when $XDG_CONFIG_HOME is unset', () => {
    expect(resolveConfigPath({env: {}, home})).toEqual({
      path: '/home/user/.config/oncall/config.yaml',
      tried: ['--config (not given)', '$ONCALL_CONFIG (not set)', '/home/user/.config/oncall/config.yaml ($XDG_CONFIG_HOME not set)'],
    });
  });

  it('treats an empty $XDG_CONFIG_HOME as unset', () => {
    expect(resolveConfigPath({env: {XDG_CONFIG_HOME: ''}, home}).path).toBe('/home/user/.config/oncall/config.yaml');
  });

  it('ignores a relative $XDG_CONFIG_HOME, as the XDG spec requires, and says so', () => {
    const result = resolveConfigPath({env: {XDG_CONFIG_HOME: 'conf'}, home});
    expect(result.path).toBe('/home/user/.config/oncall/config.yaml');
    expect(result.tried[2]).toBe('/home/user/.config/oncall/config.yaml ($XDG_CONFIG_HOME="conf" ignored: not an absolute path)');
  });
});

describe('stateDir and actionLogPath', () => {
  it('use an absolute $XDG_STATE_HOME', () => {
    expect(stateDir({XDG_STATE_HOME: '/state'}, home)).toBe('/state/oncall');
    expect(actionLogPath({XDG_STATE_HOME: '/state'}, home)).toBe('/state/oncall/actions.jsonl');
  });

  it('fall back to ~/.local/state when $XDG_STATE_HOME is unset, empty or relative', () => {
    expect(stateDir({}, home)).toBe('/home/user/.local/state/oncall');
    expect(stateDir({XDG_STATE_HOME: ''}, home)).toBe('/home/user/.local/state/oncall');
    expect(stateDir({XDG_STATE_HOME: 'state'}, home)).toBe('/home/user/.local/state/oncall');
    expect(actionLogPath({XDG_STATE_HOME: 'state'}, home)).toBe('/home/user/.local/state/oncall/actions.jsonl');
  });

  it('take the home directory from $HOME when none is passed', () => {
    expect(stateDir({HOME: '/home/other'})).toBe('/home/other/.local/state/oncall');
    expect(actionLogPath({HOME: '/home/other'})).toBe('/home/other/.local/state/oncall/actions.jsonl');
  });
});

describe('without a home directory (no $HOME, no user entry: a container under an arbitrary user id)', () => {
  const noHome = () => null;

  it('takes $HOME first, then the system lookup, and has none when neither does', () => {
    expect(userHome({HOME: '/home/other'}, () => '/home/sys')).toBe('/home/other');
    expect(userHome({HOME: ''}, () => '/home/sys')).toBe('/home/sys');
    expect(userHome({}, noHome)).toBeNull();
  });

  it('has no action log place unless $XDG_STATE_HOME gives one', () => {
    expect(userActionLogPath({}, false, noHome)).toBeNull();
    expect(userActionLogPath({XDG_STATE_HOME: 'relative'}, false, noHome)).toBeNull();
    expect(userActionLogPath({XDG_STATE_HOME: '/state'}, true, noHome)).toBe('/state/oncall/demo-actions.jsonl');
    expect(stateDir({}, null)).toBeNull();
  });

  it('finds the config by the flag, $ONCALL_CONFIG or $XDG_CONFIG_HOME, and else says where it could not look', () => {
    expect(resolveConfigPath({flag: '/srv/oc.yaml', env: {}, home: null}).path).toBe('/srv/oc.yaml');
    expect(resolveConfigPath({env: {ONCALL_CONFIG: '/etc/oc.yaml'}, home: null}).path).toBe('/etc/oc.yaml');
    expect(resolveConfigPath({env: {XDG_CONFIG_HOME: '/xdg'}, home: null}).path).toBe('/xdg/oncall/config.yaml');
    expect(resolveConfigPath({env: {}, home: null})).toEqual({
      path: null,
      tried: ['--config (not given)', '$ONCALL_CONFIG (not set)', `~/.config/oncall/config.yaml ($XDG_CONFIG_HOME not set; ${NO_HOME})`],
    });
  });
});
