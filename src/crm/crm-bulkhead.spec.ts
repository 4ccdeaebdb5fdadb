import { BulkheadFullError, BulkheadWaitTimeoutError, CrmBulkhead } from './crm-bulkhead.js';

/** A task that runs until released. */
function held() {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return { run: () => done, release };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('CrmBulkhead', () => {
  it('runs up to maxConcurrent at once and queues the rest in order', async () => {
    const bulkhead = new CrmBulkhead(1, 5);
    const a = held();
    const order: string[] = [];
    const first = bulkhead.execute(a.run, 0);
    const second = bulkhead.execute(async () => order.push('second'), 10_000);
    const third = bulkhead.execute(async () => order.push('third'), 10_000);
    await tick();
    expect([bulkhead.running, bulkhead.waiting]).toEqual([1, 2]);
    a.release();
    await Promise.all([first, second, third]);
    expect(order).toEqual(['second', 'third']);
    expect([bulkhead.running, bulkhead.waiting]).toEqual([0, 0]);
  });

  it('refuses at once when the queue is full, and tells its listeners', async () => {
    const bulkhead = new CrmBulkhead(1, 1);
    let rejected = 0;
    bulkhead.onReject(() => (rejected += 1));
    const a = held();
    const first = bulkhead.execute(a.run, 0);
    const queued = bulkhead.execute(async () => 'queued', 10_000);
    await expect(bulkhead.execute(async () => 'x', 10_000)).rejects.toBeInstanceOf(
      BulkheadFullError,
    );
    expect(rejected).toBe(1);
    a.release();
    await first;
    await expect(queued).resolves.toBe('queued');
  });

  it('does not wait at all with no time to wait', async () => {
    const bulkhead = new CrmBulkhead(1, 5);
    const a = held();
    const first = bulkhead.execute(a.run, 0);
    await expect(bulkhead.execute(async () => 'x', 0)).rejects.toBeInstanceOf(
      BulkheadWaitTimeoutError,
    );
    a.release();
    await first;
  });

  it('lets a waiter that gave up leave the queue, so the next one gets the freed slot', async () => {
    const bulkhead = new CrmBulkhead(1, 5);
    const a = held();
    const first = bulkhead.execute(a.run, 0);
    const impatient = bulkhead.execute(async () => 'impatient', 20);
    const patient = bulkhead.execute(async () => 'patient', 10_000);
    await expect(impatient).rejects.toBeInstanceOf(BulkheadWaitTimeoutError);
    expect(bulkhead.waiting).toBe(1);
    a.release();
    await first;
    await expect(patient).resolves.toBe('patient');
    expect(bulkhead.running).toBe(0);
  });

  it('frees the slot of a task that throws', async () => {
    const bulkhead = new CrmBulkhead(1, 0);
    await expect(bulkhead.execute(() => Promise.reject(new Error('boom')), 0)).rejects.toThrow(
      'boom',
    );
    await expect(bulkhead.execute(async () => 'next', 0)).resolves.toBe('next');
  });
});
