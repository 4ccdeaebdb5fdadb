import { startSampleCrm, type RunningSampleCrm } from '../../examples/sample-crm/sample-crm.js';
import { resolveDefinition } from '../../src/providers/declarative/declarative-loader.js';
import { DeclarativeProvider } from '../../src/providers/declarative/declarative.provider.js';
import sampleCrmJson from '../../src/providers/sample-crm/sample-crm.json' with { type: 'json' };
import { kitChecks } from './kit-checks.js';
import { connectProvider } from './kit-connection.js';
import { sampleCrmCredentials } from './sample-crm-credentials.js';

/** The kit's appointment check must fail, saying what is wrong, on a sample-CRM file with a mistake. */
let crm: RunningSampleCrm;
beforeAll(async () => {
  crm = await startSampleCrm();
});
afterAll(() => crm.close());

type Binding = typeof sampleCrmJson;

async function runKitCheck(title: RegExp, mistake: (file: Binding) => void): Promise<void> {
  const file = structuredClone(sampleCrmJson);
  mistake(file);
  const resolved = resolveDefinition(file, 'sample-crm (wrong).json', {
    SAMPLE_CRM_URL: crm.url,
    SAMPLE_CRM_PUBLIC_URL: crm.url,
    SAMPLE_CRM_PUBLIC_HOST: new URL(crm.url).host,
    SAMPLE_CRM_CLIENT_ID: 'crm-bridge',
    SAMPLE_CRM_CLIENT_SECRET: 'crm-bridge-secret',
  });
  const connection = await connectProvider(new DeclarativeProvider(resolved), {
    credentials: await sampleCrmCredentials(crm, 'oauth', 'alice'),
  });
  const check = kitChecks(connection).find((c) => title.test(c.title));
  await check!.run();
}

const runAppointmentCheck = (mistake: (file: Binding) => void) =>
  runKitCheck(/an appointment/, mistake);

describe('the provider kit on wrong appointment bindings of the sample CRM', () => {
  it('passes the right binding', async () => {
    await expect(runAppointmentCheck(() => undefined)).resolves.toBeUndefined();
  });

  it('fails a binding whose update forgets the new start', async () => {
    await expect(
      runAppointmentCheck((file) => {
        delete (file.operations.updateAppointment.request.body as { start?: string }).start;
      }),
    ).rejects.toThrow(/^the appointment's start after an update reads \d{4}-.*, not \d{4}-/);
  });

  it('fails a binding that lists without the date window', async () => {
    await expect(
      runAppointmentCheck((file) => {
        file.operations.listAppointments.request.query = { from: '2000-01-01', to: '2000-01-02' };
      }),
    ).rejects.toThrow(
      /^appointment \d+ is not listed between \d{4}-\d\d-\d\d and \d{4}-\d\d-\d\d$/,
    );
  });
});

describe('the provider kit on wrong user-list bindings of the sample CRM', () => {
  const runUserListCheck = (mistake: (file: Binding) => void) =>
    runKitCheck(/the tenant's users/, mistake);

  it('passes the right binding', async () => {
    await expect(runUserListCheck(() => undefined)).resolves.toBeUndefined();
  });

  it('fails a binding that maps the name where the id belongs', async () => {
    await expect(
      runUserListCheck((file) => {
        file.operations.getUserList.response.user.id = 'name';
      }),
    ).rejects.toThrow(/^getUserList does not list the signed-in user u_alice/);
  });

  it('fails a binding that maps the id as the email', async () => {
    await expect(
      runUserListCheck((file) => {
        file.operations.getUserList.response.user.email = 'id';
      }),
    ).rejects.toThrow(/^getUserList answered "u_alice" as the email of user u_alice/);
  });
});
