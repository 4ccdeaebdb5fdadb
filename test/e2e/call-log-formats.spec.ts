import type { LogFormat } from '../../src/crm/crm-activity.types.js';
import { callLogBody, uniqueSessionId } from '../support/factories.js';
import type { TestApp } from '../support/test-app.js';
import { startSignedInApp } from '../support/signed-in-app.js';

/** The created body, then the body after the update (without the user's text around it). */
const EXPECTED: Record<LogFormat, { created: string; updated: string }> = {
  'text/plain': {
    created: [
      '- Note: Wants <b>renewal</b> & a *quote*',
      '- Summary: Inbound Call from Jane Doe',
      '- Date/Time: 2024-05-01 08:04:05 AM',
      '- Duration: 1 minute, 3 seconds',
      '- Result: Call connected',
      '- Call recording link: (pending...)',
      '',
    ].join('\n'),
    updated: [
      '- Note: Wants <b>renewal</b> & a *quote*',
      '- Summary: Inbound Call from Jane Doe',
      '- Date/Time: 2024-05-01 08:04:05 AM',
      '- Duration: 1 minute, 3 seconds',
      '- Result: Call connected',
      '- Call recording link: https://media.example/rec/1',
      '- AI Note:',
      'Customer is happy.',
      'Next: send the quote.',
      '--- END',
      '',
    ].join('\n'),
  },
  'text/html': {
    created:
      '<b>Agent notes</b><br>Wants &lt;b&gt;renewal&lt;/b&gt; &amp; a *quote*<br><br><b>Call details</b><br>' +
      '<ul><li><b>Summary</b>: Inbound Call from Jane Doe</li>' +
      '<li><b>Date/time</b>: 2024-05-01 08:04:05 AM</li>' +
      '<li><b>Duration</b>: 1 minute, 3 seconds</li>' +
      '<li><b>Result</b>: Call connected</li>' +
      '<li><b>Call recording link</b>: (pending...)</li></ul>',
    updated:
      '<b>Agent notes</b><br>Wants &lt;b&gt;renewal&lt;/b&gt; &amp; a *quote*<br><br><b>Call details</b><br>' +
      '<ul><li><b>Summary</b>: Inbound Call from Jane Doe</li>' +
      '<li><b>Date/time</b>: 2024-05-01 08:04:05 AM</li>' +
      '<li><b>Duration</b>: 1 minute, 3 seconds</li>' +
      '<li><b>Result</b>: Call connected</li>' +
      '<li><b>Call recording link</b>: <a target="_blank" href="https://media.example/rec/1">open</a></li></ul>' +
      '<div><b>AI Note</b><br>Customer is happy.<br>Next: send the quote.</div>',
  },
  'text/markdown': {
    created: [
      '## Agent notes',
      'Wants \\<b\\>renewal\\</b\\> & a \\*quote\\*',
      '',
      '## Call details',
      '**Summary**: Inbound Call from Jane Doe',
      '**Date/Time**: 2024\\-05\\-01 08:04:05 AM',
      '**Duration**: 1 minute, 3 seconds',
      '**Result**: Call connected',
      '**Call recording link**: \\(pending...\\)',
      '',
    ].join('\n'),
    updated: [
      '## Agent notes',
      'Wants \\<b\\>renewal\\</b\\> & a \\*quote\\*',
      '',
      '## Call details',
      '**Summary**: Inbound Call from Jane Doe',
      '**Date/Time**: 2024\\-05\\-01 08:04:05 AM',
      '**Duration**: 1 minute, 3 seconds',
      '**Result**: Call connected',
      '**Call recording link**: [open](https://media.example/rec/1)',
      '### AI Note',
      'Customer is happy.',
      'Next: send the quote.',
      '<!-- END -->',
      '',
      '',
    ].join('\n'),
  },
};

/** Text a user types into the activity in the CRM itself, in each format, before and after. */
const USER_TEXT: Record<LogFormat, { before: string; after: string }> = {
  'text/plain': {
    before: 'Called from the lobby.\n',
    after: '\nFollow up next week (typed in the CRM)\n',
  },
  'text/html': { before: '<p>Called from the lobby.</p>', after: '<p>Follow up next week</p>' },
  'text/markdown': { before: 'Called from the lobby.\n\n', after: '\nFollow up next week\n' },
};

describe.each<LogFormat>(['text/plain', 'text/html', 'text/markdown'])(
  'a call logged in %s, then updated with a recording and an AI note',
  (format) => {
    let t: TestApp;
    let token: string;

    // One app at a time: each format's app is closed before the next one starts.
    beforeAll(async () => {
      ({
        t,
        tokens: { alice: token },
      } = await startSignedInApp({ env: { SAMPLE_CRM_LOG_FORMAT: format }, users: ['alice'] }));
    });
    afterAll(() => t.close());

    it('reads correctly, escapes user text and keeps text outside managed sections', async () => {
      const sessionId = uniqueSessionId();
      await t.http
        .post(`/callLog?jwtToken=${token}`)
        .send(callLogBody({ sessionId, note: 'Wants <b>renewal</b> & a *quote*' }))
        .expect(200);
      const activity = () => t.crm.store.activities.find((a) => a.externalId === sessionId)!;
      const created = activity().body;
      const { before, after } = USER_TEXT[format];
      t.crm.store.updateActivity(activity().id, { body: before + created + after });

      const patch = {
        sessionId,
        recordingLink: 'https://media.example/rec/1',
        recordingDownloadLink: 'https://media.example/rec/1/content?accessToken=RC-SECRET-TOKEN',
        aiNote: 'Customer is happy.\nNext: send the quote.',
      };
      const res = await t.http.patch(`/callLog?jwtToken=${token}`).send(patch).expect(200);
      expect(res.body).toMatchObject({
        successful: true,
        returnMessage: { message: 'Call log updated' },
      });
      expect(created).toBe(EXPECTED[format].created);
      expect(activity().body).toBe(before + EXPECTED[format].updated + after);
      expect(JSON.stringify(t.crm.store.activities)).not.toContain('RC-SECRET-TOKEN');

      // The same update again changes nothing.
      await t.http.patch(`/callLog?jwtToken=${token}`).send(patch).expect(200);
      expect(activity().body).toBe(before + EXPECTED[format].updated + after);

      // The edit form reads back only the agent note, unescaped.
      const details = await t.http
        .get(`/callLog?jwtToken=${token}&sessionIds=${sessionId}&requireDetails=true`)
        .expect(200);
      expect(details.body.logs[0].logData).toEqual({
        subject: 'Inbound Call from Jane Doe',
        note: 'Wants <b>renewal</b> & a *quote*',
        dispositions: {},
      });
    });
  },
);
