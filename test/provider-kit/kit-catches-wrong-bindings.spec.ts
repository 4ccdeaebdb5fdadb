import { startFieldCrm, type RunningFieldCrm } from '../../examples/field-crm/field-crm.js';
import { resolveDefinition } from '../../src/providers/declarative/declarative-loader.js';
import { DeclarativeProvider } from '../../src/providers/declarative/declarative.provider.js';
import fieldCrmJson from '../../src/providers/field-crm/field-crm.json' with { type: 'json' };
import { FIELD_CRM_KEYS, FIELD_CRM_NUMBERS } from './field-crm-kit.js';
import { kitChecks } from './kit-checks.js';
import { connectProvider } from './kit-connection.js';

/**
 * The kit must fail, saying what is wrong, on bindings of field CRM that look fine at a glance:
 * each is the right JSON file with one mistake people make.
 */
let crm: RunningFieldCrm;
beforeAll(async () => {
  crm = await startFieldCrm();
});
afterAll(() => crm.close());
beforeEach(() => crm.reset());

type Binding = typeof fieldCrmJson;

async function runCheck(mistake: (file: Binding) => void, title: RegExp): Promise<void> {
  const file = structuredClone(fieldCrmJson);
  mistake(file);
  const resolved = resolveDefinition(file, 'field-crm (wrong).json', {
    FIELD_CRM_URL: crm.url,
    FIELD_CRM_PUBLIC_HOST: new URL(crm.url).host,
  });
  const connection = await connectProvider(new DeclarativeProvider(resolved), {
    credentials: { apiKey: FIELD_CRM_KEYS.alice },
  });
  const check = kitChecks(connection, { knownNumbers: FIELD_CRM_NUMBERS }).find((c) =>
    title.test(c.title),
  );
  await check!.run();
}

describe('the provider kit on wrong bindings of field CRM', () => {
  it('passes the right binding', async () => {
    await expect(runCheck(() => undefined, /^stores a call log/)).resolves.toBeUndefined();
    await expect(runCheck(() => undefined, /across pages/)).resolves.toBeUndefined();
    await expect(runCheck(() => undefined, /sandbox numbers/)).resolves.toBeUndefined();
  });

  it('fails a binding that sends milliseconds where the CRM stores seconds', async () => {
    await expect(
      runCheck((file) => {
        file.operations.createCallLog.request.body.occurred_at = '{{call.startTimeMs}}';
      }, /^stores a call log/),
    ).rejects.toThrow(
      /^the call log as created reads back \+?\d{5,}-.* not \d{4}-.*: the time was sent or read in the wrong format/,
    );
  });

  it('fails a binding that reads only the first page of results', async () => {
    await expect(
      runCheck((file) => {
        delete (file.operations.findContactsByPhone.response as { pagination?: unknown })
          .pagination;
      }, /across pages/),
    ).rejects.toThrow(
      /^found 2 of the 3 contacts stored with \+49\d+; missing prs_\d+: read every page/,
    );
  });

  it('fails a binding that maps the first phone instead of the one that matched', async () => {
    await expect(
      runCheck((file) => {
        (file.contactFields as { phone: unknown }).phone = 'phones.0.value';
      }, /sandbox numbers/),
    ).rejects.toThrow(
      'Anna Schmidt (prs_1001), found for +491712345678, shows the phone "030 1234567", which is not that number',
    );
  });

  it('fails a binding without the phone filter, naming the look-alike it found', async () => {
    await expect(
      runCheck((file) => {
        delete (file.operations.findContactsByPhone as { filter?: unknown }).filter;
      }, /digits contain/),
    ).rejects.toThrow(/^prs_\d+, stored with "\+1 30.*", was found for \+4930\d+: keep only/);
  });

  it("reports the CRM's own error text when a call is refused", async () => {
    await expect(
      runCheck((file) => {
        delete (file.operations.createCallLog.request.body as { title?: string }).title;
      }, /^stores a call log/),
    ).rejects.toThrow(
      /^createCallLog was refused \(INVALID_INPUT\): Field CRM POST \/people\/prs_\d+\/activities answered 400: "title is required"\. The CRM said: "title is required"\.$/,
    );
  });
});
