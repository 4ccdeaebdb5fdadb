import { composeCallLogBody, upsertCallLogBody } from './call-log-body.composer.js';
import type { LogFormat } from './log-body.types.js';
import { RECEIVED_TIME_MARK } from './log-sections.js';

const RECEIVED = new Date('2024-05-01T15:04:05Z');
const FORMATS: LogFormat[] = ['text/plain', 'text/html', 'text/markdown'];

/** What POST /callLog composes for a logInfo holding only its officially required sessionId. */
const MINIMAL = {
  sessionId: '4503995004',
  subject: 'Call with Jane Doe',
  startTime: RECEIVED,
  startTimeReceived: true,
};

describe('composeCallLogBody: a call without direction, start time or duration', () => {
  it('shows the subject and the time received, marked as such, and no duration', () => {
    expect(composeCallLogBody(MINIMAL, { format: 'text/plain' })).toBe(
      [
        '- Summary: Call with Jane Doe',
        `- Date/Time: 2024-05-01 03:04:05 PM ${RECEIVED_TIME_MARK}`,
        '',
      ].join('\n'),
    );
  });

  it.each(FORMATS)('marks the received time in %s', (format) => {
    const body = composeCallLogBody(MINIMAL, { format });
    const escaped =
      format === 'text/markdown' ? RECEIVED_TIME_MARK.replace(/[()]/g, '\\$&') : RECEIVED_TIME_MARK;
    expect(body).toContain(escaped);
    expect(body).not.toMatch(/Duration/);
  });

  it('a call time sent later (PATCH) replaces the received time and its mark', () => {
    const options = { format: 'text/plain' as const };
    const body = composeCallLogBody(MINIMAL, options);
    const start = new Date('2024-05-01T14:00:00Z');
    const patched = upsertCallLogBody(body, { startTime: start, duration: 63 }, options);
    expect(patched).toContain('- Date/Time: 2024-05-01 02:00:00 PM\n');
    expect(patched).not.toContain(RECEIVED_TIME_MARK);
    expect(patched).toContain('- Duration: 1 minute, 3 seconds');
  });

  it('a start time that was sent carries no mark', () => {
    const body = composeCallLogBody(
      { ...MINIMAL, startTimeReceived: false },
      { format: 'text/plain' },
    );
    expect(body).toContain('- Date/Time: 2024-05-01 03:04:05 PM\n');
  });
});
