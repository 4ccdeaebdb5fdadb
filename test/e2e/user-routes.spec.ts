import { UserEntity } from '../../src/users/user.entity.js';
import { callLogBody, uniqueSessionId } from '../support/factories.js';
import { platformsUnderTest, type PlatformUnderTest } from '../support/platforms.js';
import type { TestApp } from '../support/test-app.js';
import { startSignedInApp } from '../support/signed-in-app.js';

describe.each(platformsUnderTest())(
  'user routes: settings, refreshInfo, licenseStatus, userInfoHash; metadata ($platform)',
  userRoutes,
);

function userRoutes(p: PlatformUnderTest): void {
  let t: TestApp;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    ({
      t,
      tokens: { alice, bob },
    } = await startSignedInApp({ users: ['alice', 'bob'], platform: p }));
  });
  afterAll(() => t.close());

  const getSettings = (token: string) =>
    t.http.get(`/user/settings?jwtToken=${token}&rcAccountId=hash-of-account`).expect(200);
  const postSettings = (token: string, body: object) =>
    t.http.post('/user/settings').set('authorization', `Bearer ${token}`).send(body);
  const { contact, users } = p.crm;

  describe('GET and POST /user/settings', () => {
    it('starts empty, echoes the merged map, and keeps it per user', async () => {
      expect((await getSettings(bob)).body).toEqual({});
      const first = await postSettings(bob, {
        userSettings: { autoLogCall: { value: true }, logDateFormat: { value: 'HH:mm' } },
      }).expect(200);
      expect(first.body).toEqual({
        userSettings: { autoLogCall: { value: true }, logDateFormat: { value: 'HH:mm' } },
      });
      const second = await postSettings(bob, {
        userSettings: {
          autoLogCall: { value: false, customizable: false },
          selectedRegion: { value: 'US' },
        },
        settingKeysToRemove: ['logDateFormat', 'notThere'],
      }).expect(200);
      expect(second.body).toEqual({
        userSettings: {
          autoLogCall: { value: false, customizable: false },
          selectedRegion: { value: 'US' },
        },
      });
      expect((await getSettings(bob)).body).toEqual(second.body.userSettings);
      expect((await getSettings(alice)).body).toEqual({});
      const removeOnly = await postSettings(bob, { settingKeysToRemove: ['selectedRegion'] });
      expect(removeOnly.body).toEqual({
        userSettings: { autoLogCall: { value: false, customizable: false } },
      });
    });

    it('keeps every key when 20 merges of different keys race', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          postSettings(alice, { userSettings: { [`race${i}`]: { value: i } } }).expect(200),
        ),
      );
      const stored = (await getSettings(alice)).body;
      for (let i = 0; i < 20; i += 1) expect(stored[`race${i}`]).toEqual({ value: i });
    });

    it('drives the call-log body: a disabled section is left out', async () => {
      await postSettings(alice, {
        userSettings: { addCallLogDateTime: { value: false }, addCallSessionId: { value: true } },
      }).expect(200);
      const sessionId = uniqueSessionId();
      await t.http
        .post(`/callLog?jwtToken=${alice}`)
        .send(callLogBody({ sessionId, contactId: contact.id, contactName: contact.name }))
        .expect(200);
      const { body } = (await p.crm.activitiesOf(t, sessionId))[0]!;
      expect(body).not.toContain('Date/Time');
      expect(body).toContain(`- Session Id: ${sessionId}\n`);
      await postSettings(alice, {
        settingKeysToRemove: ['addCallLogDateTime', 'addCallSessionId'],
      }).expect(200);
    });

    it.each([
      [{ userSettings: 'x' }, 'userSettings must be an object'],
      [{ userSettings: { a: 1 } }, 'userSettings.a must be an object'],
      [{ userSettings: { a: [1] } }, 'userSettings.a must be an object'],
      [{ userSettings: { a: null } }, 'userSettings.a must be an object'],
      [
        { userSettings: Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`k${i}`, {}])) },
        'userSettings must have at most 500 keys',
      ],
      [
        { userSettings: { big: { value: 'x'.repeat(300 * 1024) } } },
        'userSettings must be at most 256 KB',
      ],
      [{ settingKeysToRemove: 'a' }, 'settingKeysToRemove must be an array'],
    ])('refuses %# with a plain 400 and stores nothing', async (body, message) => {
      const before = (await getSettings(bob)).body;
      const res = await postSettings(bob, body).expect(400);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toBe(`Invalid request: ${message}`);
      expect((await getSettings(bob)).body).toEqual(before);
    });

    it.each(['__proto__', 'constructor', 'prototype'])(
      'refuses a %s key before it is parsed into an object',
      async (key) => {
        const res = await t.http
          .post(`/user/settings?jwtToken=${bob}`)
          .set('content-type', 'application/json')
          .send(`{"userSettings":{"${key}":{"value":true}}}`)
          .expect(400);
        expect(res.text).toBe(`Invalid request: the key ${key} is not allowed`);
      },
    );

    it('needs a session; GET /user/preloadSettings never does and exposes nothing', async () => {
      const res = await t.http.get('/user/settings?rcAccountId=x').expect(400);
      expect(res.text).toBe('Please go to Settings and authorize CRM platform');
      const preload = await t.http.get('/user/preloadSettings?rcAccountId=hash').expect(200);
      expect(preload.body).toEqual({ userSettings: {} });
    });
  });

  describe('POST /user/refreshInfo', () => {
    it('stores the CRM profile again: name and time zone', async () => {
      let restore = p.crm.editUser(t, 'bob', { name: 'Robert Example', timezone: 'Asia/Tokyo' });
      try {
        const res = await t.http.post(`/user/refreshInfo?jwtToken=${bob}`).expect(200);
        expect(res.body).toEqual({ successful: true });
        const stored = await t.dataSource
          .getRepository(UserEntity)
          .findOneByOrFail({ crmUserId: users.bob.id });
        expect(stored).toMatchObject({ name: 'Robert Example', timezone: 'Asia/Tokyo' });

        restore();
        restore = p.crm.editUser(t, 'bob', {
          name: 'Robert Example',
          timezone: 'Mars/Olympus_Mons',
        });
        await t.http.post(`/user/refreshInfo?jwtToken=${bob}`).expect(200);
        const kept = await t.dataSource
          .getRepository(UserEntity)
          .findOneByOrFail({ id: stored.id });
        expect(kept.timezone).toBe('Asia/Tokyo');
      } finally {
        restore();
        await t.http.post(`/user/refreshInfo?jwtToken=${bob}`).expect(200);
      }
    });

    it('reports a CRM failure without changing anything', async () => {
      p.crm.faults(t).set(p.crm.routes.userInfo, { status: 503 });
      const res = await t.http.post(`/user/refreshInfo?jwtToken=${bob}`).expect(200);
      p.crm.faults(t).clear();
      expect(res.body).toMatchObject({
        successful: false,
        returnMessage: { message: `${p.displayName} is unavailable`, messageType: 'warning' },
      });
    });
  });

  describe('GET /licenseStatus', () => {
    it('answers 200 Basic with a session, and 200 Not connected without a valid one', async () => {
      const connected = await t.http.get(`/licenseStatus?jwtToken=${alice}`).expect(200);
      expect(connected.body).toEqual({
        isLicenseValid: true,
        licenseStatus: 'Basic',
        licenseStatusDescription: '',
      });
      const notConnected = {
        isLicenseValid: false,
        licenseStatus: 'Not connected',
        licenseStatusDescription: '',
      };
      for (const path of ['/licenseStatus', '/licenseStatus?jwtToken=garbage']) {
        expect((await t.http.get(path).expect(200)).body).toEqual(notConnected);
      }
      const bearer = await t.http
        .get('/licenseStatus')
        .set('authorization', 'Bearer not.a.token')
        .expect(200);
      expect(bearer.body).toEqual(notConnected);
    });
  });

  describe('GET /userInfoHash', () => {
    it('answers keyed, stable hex hashes without a session', async () => {
      const res = await t.http.get('/userInfoHash?extensionId=101&accountId=37439510').expect(200);
      expect(res.body).toEqual({
        extensionId: expect.stringMatching(/^[0-9a-f]{64}$/),
        accountId: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(res.body.extensionId).not.toBe(res.body.accountId);
      const again = await t.http.get('/userInfoHash?accountId=37439510&extensionId=101');
      expect(again.body).toEqual(res.body);
      expect(JSON.stringify(res.body)).not.toContain('37439510');
    });

    it('hashes a missing id as the empty id, and answers 400 for anything but 1 to 20 digits', async () => {
      const hashOfNothing = (await t.http.get('/userInfoHash').expect(200)).body.accountId;
      expect(hashOfNothing).toMatch(/^[0-9a-f]{64}$/);
      const one = (await t.http.get('/userInfoHash?extensionId=101').expect(200)).body;
      expect(one.accountId).toBe(hashOfNothing);
      expect(one.extensionId).not.toBe(hashOfNothing);
      expect((await t.http.get('/userInfoHash?accountId=').expect(200)).body).toEqual({
        extensionId: hashOfNothing,
        accountId: hashOfNothing,
      });
      for (const query of [
        'extensionId=abc',
        'accountId=123456789012345678901',
        'extensionId=-1',
      ]) {
        const res = await t.http.get(`/userInfoHash?${query}`).expect(400);
        expect(res.text).toMatch(
          /^Invalid request: (extensionId|accountId) must be 1 to 20 digits$/,
        );
      }
      const twice = await t.http.get('/userInfoHash?extensionId=1&extensionId=2').expect(400);
      expect(twice.text).toBe('Invalid request: extensionId must be given once');
    });
  });

  describe('metadata', () => {
    it('serves release notes for the manifest version and the server version', async () => {
      const manifest = await t.http.get('/crmManifest').expect(200);
      const version = await t.http.get('/serverVersionInfo').expect(200);
      expect(version.body).toEqual({ version: manifest.body.version });
      const notes = await t.http.get('/releaseNotes').expect(200);
      expect(notes.body[manifest.body.version].global).toEqual(
        expect.arrayContaining([
          { type: expect.stringMatching(/^(New|Better|Fix)$/), description: expect.any(String) },
        ]),
      );
    });
  });
}
