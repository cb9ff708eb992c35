import { describe, expect, it } from 'vitest';
import { createJsonLogger } from '../logger.js';

describe('createJsonLogger', () => {
  it('batches JSON lines into one write per event-loop turn', async () => {
    const writes: string[] = [];
    const logger = createJsonLogger((chunk) => writes.push(chunk));
    logger.info('one', { a: 1 });
    logger.warn('two');
    logger.error('three', { b: 'x' });
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
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
    expect(Date.parse(lines[0].time)).not.toBeNaN();
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
