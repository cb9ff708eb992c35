import { describe, expect, it } from 'vitest';
import { createJsonLogger } from '../logger.js';

describe('createJsonLogger', () => {
  it('batches JSON lines into one write within flushMs', async () => {
    const writes: string[] = [];
    const logger = createJsonLogger((chunk) => writes.push(chunk), { flushMs: 5 });
    logger.info('one', { a: 1 });
    logger.warn('two');
    logger.error('three', { b: 'x' });
    expect(writes).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(writes).toHaveLength(1);
    const lines = writes[0]!
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toMatchObject([
      { level: 'info', msg: 'one', a: 1 },
      { level: 'warn', msg: 'two' },
      { level: 'error', msg: 'three', b: 'x' },
    ]);
    expect(Math.abs(lines[0].time - Date.now())).toBeLessThan(60_000);
    logger.info('empty', {});
    logger.flush();
    expect(JSON.parse(writes[1]!)).toEqual({ time: expect.any(Number), level: 'info', msg: 'empty' });
  });

  it('writes at once when the buffer grows large, and on flush()', () => {
    const writes: string[] = [];
    const logger = createJsonLogger((chunk) => writes.push(chunk));
    logger.info('big', { pad: 'x'.repeat(20_000) });
    expect(writes).toHaveLength(1);
    logger.info('small');
    logger.flush();
    expect(writes).toHaveLength(2);
    logger.flush();
    expect(writes).toHaveLength(2);
  });
});
