import { Batcher } from './batcher';

describe('Batcher', () => {
  it('answers each caller with its own result, in order', async () => {
    const batcher = new Batcher<number, number>(async (xs) => xs.map((x) => x * 2));
    await expect(Promise.all([1, 2, 3].map((x) => batcher.submit(x)))).resolves.toEqual([2, 4, 6]);
  });

  it('groups what arrives while a batch is in flight', async () => {
    const sizes: number[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const batcher = new Batcher<number, number>(
      async (xs) => {
        sizes.push(xs.length);
        if (sizes.length === 1) await gate;
        return xs;
      },
      { maxBatch: 100, maxInFlight: 1 },
    );
    const first = batcher.submit(0);
    await new Promise((r) => setImmediate(r));
    const rest = Array.from({ length: 10 }, (_, i) => batcher.submit(i + 1));
    release();
    await Promise.all([first, ...rest]);
    expect(sizes).toEqual([1, 10]);
  });

  it('fails every caller of a failed batch and recovers for the next', async () => {
    let fail = true;
    const batcher = new Batcher<number, number>(async (xs) => {
      if (fail) throw new Error('down');
      return xs;
    });
    await expect(Promise.all([batcher.submit(1), batcher.submit(2)])).rejects.toThrow('down');
    fail = false;
    await expect(batcher.submit(3)).resolves.toBe(3);
  });

  it('splits at the maximum batch size', async () => {
    const sizes: number[] = [];
    const batcher = new Batcher<number, number>(async (xs) => (sizes.push(xs.length), xs), { maxBatch: 3, maxInFlight: 1 });
    await Promise.all(Array.from({ length: 7 }, (_, i) => batcher.submit(i)));
    expect(sizes).toEqual([3, 3, 1]);
  });
});
