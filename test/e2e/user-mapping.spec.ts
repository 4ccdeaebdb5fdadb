import { FIELD_CRM, SAMPLE_CRM_JSON } from '../support/platforms.js';
import {
  RC_TOKENS,
  startRingCentralStub,
  type RingCentralStub,
} from '../support/ringcentral-stub.js';
import { startSignedInApp } from '../support/signed-in-app.js';
import type { TestApp } from '../support/test-app.js';

/** CRM user mapping (docs/client-contract.md, Admin): getUserList matched to the client's extensions. */
describe('user mapping: CRM users matched to RingCentral extensions by email, then name', () => {
  let t: TestApp;
  let rc: RingCentralStub;
  let alice: string;

  // Alice matches by email (other case, spaces); Bob by first and last name; Carol matches nobody.
  const extensions = [
    {
      id: 62296013,
      name: 'Someone Else',
      email: ' ALICE@sample-crm.test ',
      extensionNumber: '101',
    },
    { id: '62296014', firstName: 'bob', lastName: 'EXAMPLE', extensionNumber: '102' },
    { id: '62296015', name: 'Carol Nobody', email: 'carol@elsewhere.test' },
  ];
  const post = (route: string, rcToken: string, body: object = { rcExtensionList: extensions }) =>
    t.http
      .post(`/admin/${route}`)
      .set('Authorization', `Bearer ${alice}`)
      .set('X-RC-Access-Token', rcToken)
      .send(body);
  const stored = async () =>
    (await t.dataSource.query('SELECT * FROM crm_user_mappings')) as {
      account_key: string;
      platform: string;
      mappings: string;
    }[];

  beforeAll(async () => {
    rc = await startRingCentralStub();
    let tokens: Record<'alice', string>;
    ({ t, tokens } = await startSignedInApp({
      users: ['alice'],
      env: { RINGCENTRAL_SERVER: rc.url, RINGCENTRAL_TIMEOUT_MS: '1000' },
    }));
    alice = tokens.alice;
  });
  afterAll(async () => {
    await t.close();
    await rc.close();
  });

  it('the sample CRM advertises getUserList; a provider without it does not', async () => {
    const sample = await t.http
      .get('/implementedInterfaces?platform=sample-crm-apikey')
      .expect(200);
    expect(sample.body.getUserList).toBe(true);
    const field = await t.http.get('/implementedInterfaces?platform=field-crm').expect(200);
    expect(field.body.getUserList).toBe(false);
  });

  it('an admin gets every CRM user with its match, and the matches are stored for the account', async () => {
    const reply = await post('userMapping', RC_TOKENS.adminA).expect(200);
    expect(reply.body).toEqual([
      {
        crmUser: { id: 'u_alice', name: 'Alice Example', email: 'alice@sample-crm.test' },
        rcUser: [
          {
            extensionId: 62296013,
            name: 'Someone Else',
            extensionNumber: '101',
            email: ' ALICE@sample-crm.test ',
          },
        ],
      },
      {
        crmUser: { id: 'u_bob', name: 'Bob Example', email: 'bob@sample-crm.test' },
        rcUser: [
          { extensionId: '62296014', name: 'bob EXAMPLE', extensionNumber: '102', email: '' },
        ],
      },
    ]);
    const rows = await stored();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.platform).toBe('sample-crm-apikey');
    expect(rows[0]!.account_key).not.toContain('37439510');
    expect(JSON.parse(rows[0]!.mappings)).toEqual([
      { crmUserId: 'u_alice', rcExtensionIds: ['62296013'] },
      { crmUserId: 'u_bob', rcExtensionIds: ['62296014'] },
    ]);
  });

  it('a stored mapping is kept when the extensions change; reinitialize matches afresh', async () => {
    // Alice's extension now has Bob's email: the stored mappings still win over a new match.
    const moved = [
      { id: '62296013', name: 'Someone Else', email: 'bob@sample-crm.test' },
      { id: '62296016', name: 'Alice Example' },
    ];
    const kept = await post('userMapping', RC_TOKENS.adminA, { rcExtensionList: moved }).expect(
      200,
    );
    expect(kept.body.map((row: { rcUser: { extensionId: string }[] }) => row.rcUser)).toEqual([
      [
        {
          extensionId: '62296013',
          name: 'Someone Else',
          extensionNumber: '',
          email: 'bob@sample-crm.test',
        },
      ],
      [],
    ]);
    const fresh = await post('reinitializeUserMapping', RC_TOKENS.adminA, {
      rcExtensionList: moved,
    }).expect(200);
    expect(
      fresh.body.map((row: { rcUser: { extensionId: string }[] }) => row.rcUser[0]?.extensionId),
    ).toEqual(['62296016', '62296013']);
    expect(JSON.parse((await stored())[0]!.mappings)).toEqual([
      { crmUserId: 'u_alice', rcExtensionIds: ['62296016'] },
      { crmUserId: 'u_bob', rcExtensionIds: ['62296013'] },
    ]);
  });

  it('another account keeps its own mapping; a non-admin and bad tokens see nothing', async () => {
    const other = await post('userMapping', RC_TOKENS.adminB).expect(200);
    expect(other.body[0].rcUser[0].extensionId).toBe(62296013);
    const rows = await stored();
    expect(rows).toHaveLength(2);
    expect(new Set(rows.map((row) => row.account_key)).size).toBe(2);

    for (const route of ['userMapping', 'reinitializeUserMapping']) {
      const agent = await post(route, RC_TOKENS.agentA).expect(403);
      expect(agent.text).toBe('Admin validation failed');
      for (const token of [RC_TOKENS.expired, 'forged-token']) {
        const refused = await post(route, token).expect(403);
        expect(refused.text).toBe('RingCentral access token is invalid or expired');
      }
      await post(route, RC_TOKENS.adminA).unset('X-RC-Access-Token').expect(400);
      const forgedSession = await t.http
        .post(`/admin/${route}`)
        .set('Authorization', 'Bearer forged.token.value')
        .set('X-RC-Access-Token', RC_TOKENS.adminA)
        .send({ rcExtensionList: extensions });
      expect(forgedSession.status).toBe(400);
      expect(forgedSession.text).toMatch(/authorize CRM platform/);
    }
    // Nothing the refused calls sent changed account A's mapping.
    expect((await stored()).find((row) => row.mappings.includes('62296016'))).toBeDefined();
  });

  it("an admin edits the mapping through /admin/settings (the official client's save), and reads it back", async () => {
    const settings = (rcToken: string, adminSettings: object, session = alice) =>
      t.http
        .post('/admin/settings')
        .set('Authorization', `Bearer ${session}`)
        .set('X-RC-Access-Token', rcToken)
        .send({ adminSettings });
    const read = (rcToken: string) =>
      t.http
        .get('/admin/settings')
        .set('Authorization', `Bearer ${alice}`)
        .set('X-RC-Access-Token', rcToken)
        .expect(200);
    const edited = [
      { crmUserId: 'u_alice', rcExtensionId: ['62296015', 62296014] },
      { crmUserId: 'u_bob', rcExtensionId: '62296013' },
    ];
    await settings(RC_TOKENS.adminA, { userMappings: edited }).expect(200);
    expect((await read(RC_TOKENS.adminA)).body.userMappings).toEqual([
      { crmUserId: 'u_alice', rcExtensionId: ['62296015', '62296014'] },
      { crmUserId: 'u_bob', rcExtensionId: ['62296013'] },
    ]);
    // The next resolve answers the edited pairs, not fresh matches.
    const mapped = await post('userMapping', RC_TOKENS.adminA).expect(200);
    expect(
      mapped.body.map((row: { rcUser: { extensionId: unknown }[] }) =>
        row.rcUser.map((rc) => String(rc.extensionId)),
      ),
    ).toEqual([['62296014', '62296015'], ['62296013']]);

    // Account B's admin sees none of A's pairs; a non-admin changes nothing.
    expect(JSON.stringify((await read(RC_TOKENS.adminB)).body.userMappings)).not.toContain(
      '62296015',
    );
    await settings(RC_TOKENS.agentA, { userMappings: [] }).expect(403);

    const cases: [object, RegExp][] = [
      [{ userMappings: 'all' }, /userMappings must be an array/],
      [{ userMappings: [null] }, /userMappings\[0\] must be an object/],
      [{ userMappings: [{ rcExtensionId: '1' }] }, /userMappings\[0\]\.crmUserId must be/],
      [{ userMappings: [{ crmUserId: 'u', rcExtensionId: [{}] }] }, /rcExtensionId must be/],
      [
        { userMappings: [edited[1], { crmUserId: 'u_bob', rcExtensionId: '1' }] },
        /userMappings\[1\]\.crmUserId repeats userMappings\[0\]/,
      ],
    ];
    for (const [adminSettings, message] of cases) {
      expect((await settings(RC_TOKENS.adminA, adminSettings).expect(400)).text).toMatch(message);
    }
    const sessionless = await t.http
      .post('/admin/settings')
      .set('X-RC-Access-Token', RC_TOKENS.adminA)
      .send({ adminSettings: { userMappings: [] } })
      .expect(400);
    expect(sessionless.text).toMatch(/userMappings needs the CRM session/);
    // None of the refused saves changed what was stored.
    expect(
      JSON.parse((await stored()).find((row) => row.mappings.includes('62296015'))!.mappings),
    ).toEqual([
      { crmUserId: 'u_alice', rcExtensionIds: ['62296015', '62296014'] },
      { crmUserId: 'u_bob', rcExtensionIds: ['62296013'] },
    ]);
  });

  it('bad extension lists get a 400 naming the field', async () => {
    const cases: [object, RegExp][] = [
      [{}, /rcExtensionList is required/],
      [{ rcExtensionList: 'all' }, /rcExtensionList must be an array/],
      [{ rcExtensionList: [null] }, /rcExtensionList\[0\] must be an object/],
      [{ rcExtensionList: [{ name: 'x' }] }, /rcExtensionList\[0\]\.id must be/],
      [{ rcExtensionList: [{ id: 'x'.repeat(65) }] }, /rcExtensionList\[0\]\.id must be/],
      [{ rcExtensionList: [{ id: 1, email: 7 }] }, /rcExtensionList\[0\]\.email must be a string/],
    ];
    for (const [body, message] of cases) {
      const reply = await post('userMapping', RC_TOKENS.adminA, body).expect(400);
      expect(reply.text).toMatch(message);
    }
  });

  it('a provider without getUserList answers an empty mapping, as the official server does', async () => {
    const fieldToken = await FIELD_CRM.login(t.http, 'alice');
    const reply = await t.http
      .post('/admin/userMapping')
      .set('Authorization', `Bearer ${fieldToken}`)
      .set('X-RC-Access-Token', RC_TOKENS.adminA)
      .send({ rcExtensionList: extensions })
      .expect(200);
    expect(reply.body).toEqual([]);
  });

  it('the JSON binding lists the same users and maps them for its own platform', async () => {
    const jsonToken = await SAMPLE_CRM_JSON.login(t.http, 'alice');
    const implemented = await t.http.get('/implementedInterfaces?platform=sample-crm-json');
    expect(implemented.body.getUserList).toBe(true);
    const reply = await t.http
      .post('/admin/reinitializeUserMapping')
      .set('Authorization', `Bearer ${jsonToken}`)
      .set('X-RC-Access-Token', RC_TOKENS.adminA)
      .send({ rcExtensionList: extensions })
      .expect(200);
    expect(
      reply.body.map((row: { crmUser: { id: string }; rcUser: { extensionId: unknown }[] }) => [
        row.crmUser.id,
        row.rcUser.map((rc) => rc.extensionId),
      ]),
    ).toEqual([
      ['u_alice', [62296013]],
      ['u_bob', ['62296014']],
    ]);
    const rows = await stored();
    expect(rows.map((row) => row.platform).sort()).toEqual([
      'sample-crm-apikey',
      'sample-crm-apikey',
      'sample-crm-json',
    ]);
  });
});
