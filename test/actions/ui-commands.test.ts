import {describe, expect, it} from 'vitest';
import {parseCommand} from '../../src/actions/ui-commands.ts';

describe('parseCommand', () => {
  it('parses the known commands', () => {
    expect(parseCommand('ctx prod-eu')).toEqual({kind: 'switch-context', name: 'prod-eu'});
    expect(parseCommand('  context   staging ')).toEqual({kind: 'switch-context', name: 'staging'});
    expect(parseCommand(':theme light')).toEqual({kind: 'switch-theme', name: 'light'});
    expect(parseCommand('q')).toEqual({kind: 'quit'});
    expect(parseCommand('quit')).toEqual({kind: 'quit'});
    expect(parseCommand('help')).toEqual({kind: 'help'});
    expect(parseCommand('   ')).toEqual({kind: 'none'});
  });

  it('explains usage and unknown commands', () => {
    expect(parseCommand('ctx')).toEqual({kind: 'error', message: 'Usage: :ctx NAME'});
    expect(parseCommand('theme a b')).toEqual({kind: 'error', message: 'Usage: :theme NAME'});
    expect(parseCommand('frob\u001b[2J x')).toEqual({kind: 'error', message: 'Unknown command ":frob␛[2J"; try :ctx NAME, :theme NAME, :help or :q'});
  });
});
