import { OutageLog } from './outage-log.js';

describe('OutageLog', () => {
  function setup() {
    let now = 1_000_000;
    const lines: string[] = [];
    const logger = {
      warn: (message: string) => lines.push(`warn ${message}`),
      log: (message: string) => lines.push(`log ${message}`),
    };
    const outage = new OutageLog(logger, 'the database', 30_000, () => now);
    return { outage, lines, advance: (ms: number) => (now += ms) };
  }

  it('warns when the dependency stops answering, then at most once per interval while down', () => {
    const { outage, lines, advance } = setup();
    outage.down('ECONNREFUSED');
    for (let i = 0; i < 5; i += 1) {
      advance(5_000);
      outage.down('ECONNREFUSED');
    }
    advance(5_000);
    outage.down('timeout');
    expect(lines).toEqual([
      'warn Readiness: the database did not answer (ECONNREFUSED)',
      'warn Readiness: the database did not answer (timeout)',
    ]);
  });

  it('says once when it answers again, and stays quiet while it is up', () => {
    const { outage, lines, advance } = setup();
    outage.up();
    outage.down('ECONNREFUSED');
    advance(12_000);
    outage.up();
    outage.up();
    outage.down('again');
    expect(lines).toEqual([
      'warn Readiness: the database did not answer (ECONNREFUSED)',
      'log Readiness: the database answers again (down for 12 s)',
      'warn Readiness: the database did not answer (again)',
    ]);
  });
});
