import type { Logger } from 'typeorm';
import { ParameterFreeQueryLogger } from './query-logger';

describe('query logger', () => {
  it('logs a failed query and its error, never its parameters', () => {
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const logger: Logger = new ParameterFreeQueryLogger();
      logger.logQueryError(new Error('duplicate key value violates unique constraint "grid_worker_code_unique"'), 'INSERT INTO grid_worker (code, phone)\n  VALUES ($1, $2)', ['GW1', '13812345678']);
      expect(spy).toHaveBeenCalledTimes(1);
      const line = String(spy.mock.calls[0][0]);
      expect(line).toBe('query failed: INSERT INTO grid_worker (code, phone) VALUES ($1, $2) -- duplicate key value violates unique constraint "grid_worker_code_unique"');
      expect(line).not.toContain('13812345678');
    } finally {
      spy.mockRestore();
    }
  });
});
