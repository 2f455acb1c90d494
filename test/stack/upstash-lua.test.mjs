import { describe, expect, it } from 'vitest';
import { createScriptTranslator, stripUpstashFlags } from '../../scripts/stack/upstash-lua.mjs';

describe('Lua scripts written for Upstash, run on Redis', () => {
  it('drops Upstash-only shebang flags and keeps the ones Redis knows', () => {
    expect(stripUpstashFlags('#!lua flags=allow-key-locking\nreturn 1')).toBe('#!lua\nreturn 1');
    expect(stripUpstashFlags('#!lua flags=no-writes,allow-key-locking\nreturn 1')).toBe(
      '#!lua flags=no-writes\nreturn 1',
    );
    expect(stripUpstashFlags('#!lua flags=no-writes\nreturn 1')).toBe('#!lua flags=no-writes\nreturn 1');
    expect(stripUpstashFlags('return 1')).toBe('return 1');
  });

  it('runs EVALSHA of the script as sent under the SHA Redis knows it by', () => {
    const { translate } = createScriptTranslator();
    const script = '#!lua flags=allow-key-locking\nreturn 1';
    const loaded = translate(['SCRIPT', 'LOAD', script]);
    const callerSha = /** @type {string} */ (loaded.reply?.('whatever redis said'));
    const [, , redisScript] = loaded.command;
    expect(redisScript).toBe('#!lua\nreturn 1');
    expect(translate(['EVALSHA', callerSha, '0']).command[1]).not.toBe(callerSha);
    expect(translate(['EVALSHA', 'f'.repeat(40), '0']).command[1]).toBe('f'.repeat(40));
  });
});
