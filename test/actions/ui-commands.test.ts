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
    expect(parseCommand('ctx')).toEqual({kind: 'error', message: 'Usage: :ctx NAME[,NAME…] | GROUP | *'});
    expect(parseCommand('theme a b')).toEqual({kind: 'error', message: 'Usage: :theme NAME'});
    expect(parseCommand('frob\u001b[2J x')).toEqual({kind: 'error', message: 'Unknown command ":frob␛[2J"; try :ctx NAME[,NAME…]|GROUP|*, :theme NAME, :ack [DURATION] [COMMENT], :resolve, :note TEXT, :hide/:show acked|silenced|inhibited|all, :help or :q'});
  });
});

describe('parseCommand :ctx', () => {
  it('takes a set of contexts, a group or * as one selection, commas or spaces between names', () => {
    expect(parseCommand('ctx prod-eu,prod-us')).toEqual({kind: 'switch-context', name: 'prod-eu,prod-us'});
    expect(parseCommand('ctx prod-eu, prod-us')).toEqual({kind: 'switch-context', name: 'prod-eu,prod-us'});
    expect(parseCommand('ctx prod-eu prod-us')).toEqual({kind: 'switch-context', name: 'prod-eu,prod-us'});
    expect(parseCommand('ctx prod')).toEqual({kind: 'switch-context', name: 'prod'});
    expect(parseCommand('ctx *')).toEqual({kind: 'switch-context', name: '*'});
    expect(parseCommand('ctx ,')).toEqual({kind: 'error', message: 'Usage: :ctx NAME[,NAME…] | GROUP | *'});
  });
});

describe('parseCommand :ack', () => {
  it('reads an optional duration and a comment', () => {
    expect(parseCommand('ack')).toEqual({kind: 'ack', durationMs: null, comment: ''});
    expect(parseCommand('ack 1h looking into it')).toEqual({kind: 'ack', durationMs: 3_600_000, comment: 'looking into it'});
    expect(parseCommand(':ack rolling back now')).toEqual({kind: 'ack', durationMs: null, comment: 'rolling back now'});
    expect(parseCommand('ack 30d')).toEqual({kind: 'error', message: 'An ack lasts at most 7d; use a silence for longer'});
  });

  it('refuses a duration it cannot read rather than acking for the default with the typo as comment', () => {
    for (const typo of ['1.5h', '2H', '30min', '0h', '-1h', '1h30', '1.5']) {
      expect(parseCommand(`ack ${typo} looking`)).toEqual({kind: 'error', message: `Bad duration "${typo}": use e.g. 90m, 1h30m (max 7d)`});
    }
  });

  it('still starts a comment with a word that is no duration attempt', () => {
    expect(parseCommand('ack 5xx from upstream')).toEqual({kind: 'ack', durationMs: null, comment: '5xx from upstream'});
    expect(parseCommand('ack db-01 disk swap')).toEqual({kind: 'ack', durationMs: null, comment: 'db-01 disk swap'});
    expect(parseCommand('ack 1h30m')).toEqual({kind: 'ack', durationMs: 5_400_000, comment: ''});
  });

  // A comment can start with a number (an HTTP status, a count): refusing it as a bad duration
  // left no way to ack with that comment. Only a unit letter or a decimal point makes an attempt.
  it('starts a comment with a bare integer', () => {
    expect(parseCommand(':ack 500 errors on checkout')).toEqual({kind: 'ack', durationMs: null, comment: '500 errors on checkout'});
    expect(parseCommand('ack 0 pods ready')).toEqual({kind: 'ack', durationMs: null, comment: '0 pods ready'});
    expect(parseCommand('ack 3')).toEqual({kind: 'ack', durationMs: null, comment: '3'});
  });
});
