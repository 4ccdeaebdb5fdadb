import type {
  AppointmentFields,
  ContactFields,
  DeclarativeDefinition,
} from './declarative-definition.js';
import { join, type DefinitionProblem } from './schema-validator.js';
import { OPERATION_NAMES, unknownPathReason, type OperationName } from './template-context.js';
import { templateSites, type TemplateSite } from './template-sites.js';
import { parseTemplate, placeholdersOf, TemplateSyntaxError, type Template } from './template.js';

const PATH = /^(\$|[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*)$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What the schema cannot say: template syntax and references, response mappings, cross-field rules. */
export function definitionProblems(definition: DeclarativeDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const report = (at: string, message: string) => problems.push({ at, message });

  for (const site of templateSites(definition)) {
    const template = checkTemplate(site, report);
    if (
      site.at === 'baseUrl' &&
      template &&
      usesHostname(template) &&
      !definition.allowedHostnames
    ) {
      report(
        'allowedHostnames',
        'is required when baseUrl uses {{hostname}}: list the hosts it may point at',
      );
    }
  }
  for (const name of OPERATION_NAMES) {
    const request = definition.operations[name]?.request;
    if (request?.method === 'GET' && request.body !== undefined) {
      report(`operations.${name}.request.body`, 'cannot be sent with GET');
    }
  }
  for (const site of templateSites(definition)) {
    const operation = /^operations\.(\w+)\./.exec(site.at)?.[1] as OperationName | undefined;
    const full =
      operation && (definition.operations[operation] as { fullRecord?: unknown })?.fullRecord;
    if (!full && !site.at.startsWith('accountData.') && /\{\{\s*current[.\s|}]/.test(site.text)) {
      report(
        site.at,
        '{{current...}} is the record read first: set "fullRecord" on this operation',
      );
    }
  }
  checkPicks(definition, report);

  const { auth } = definition;
  if (auth.type === 'oauth2' && definition.operations.logout) {
    report(
      'operations.logout',
      'is not used with oauth2 auth: logout revokes the tokens at auth.revocationUrl',
    );
  }
  if (auth.type !== 'oauth2' && auth.page && !auth.page.content.some((f) => f.const === 'apiKey')) {
    report('auth.page.content', 'needs a field with const "apiKey" (the key or token itself)');
  }
  checkResponses(definition, report);
  checkAppointmentResponses(definition, report);
  checkDispositions(definition, report);
  checkAccountData(definition, report);
  return problems;
}

function checkTemplate(
  { at, text, context }: TemplateSite,
  report: (at: string, message: string) => void,
): Template | undefined {
  let template: Template;
  try {
    template = parseTemplate(text);
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    report(at, error.message);
    return undefined;
  }
  for (const placeholder of placeholdersOf(template)) {
    const [root, ...rest] = placeholder.path;
    if (root === 'env' && Object.hasOwn(context, 'env')) {
      if (rest.length !== 1 || !ENV_NAME.test(rest[0])) {
        report(at, `{{${placeholder.path.join('.')}}} must name one variable, as in {{env.NAME}}`);
      }
      continue;
    }
    const reason = unknownPathReason(context, placeholder.path);
    if (reason) report(at, `{{${placeholder.path.join('.')}}}: ${reason}`);
  }
  return template;
}

const usesHostname = (template: Template) =>
  placeholdersOf(template).some((placeholder) => placeholder.path[0] === 'hostname');

function checkResponses(
  definition: DeclarativeDefinition,
  report: (at: string, message: string) => void,
): void {
  const { operations } = definition;
  if (definition.contactFields) checkMappings(definition.contactFields, 'contactFields', report);
  const unmapped: string[] = [];
  for (const name of ['findContactsByPhone', 'findContactsByName', 'createContact'] as const) {
    const operation = operations[name];
    if (!operation) continue;
    const contact = operation.response?.contact;
    if (contact) checkMappings(contact, `operations.${name}.response.contact`, report);
    else unmapped.push(name);
  }
  if (unmapped.length > 0 && !definition.contactFields) {
    report(
      'contactFields',
      `is required: ${unmapped.join(', ')} ${unmapped.length === 1 ? 'has' : 'have'} no response.contact saying how a record becomes a contact`,
    );
  }
  const mapped: [string, object | undefined][] = [
    ['getUserInfo', operations.getUserInfo.response],
    ['createCallLog', operations.createCallLog.response],
    ['getCallLog', { ...operations.getCallLog.response, dispositions: undefined }],
    ['createMessageLog', operations.createMessageLog.response],
    ['getMessageLog', operations.getMessageLog.response],
    ['getUserList', operations.getUserList?.response.user],
  ];
  for (const [name, response] of mapped) {
    const { item: _item, ...fields } = (response ?? {}) as Record<string, unknown>;
    checkMappings(fields, `operations.${name}.response`, report);
  }
  for (const [field, mapping] of Object.entries(
    operations.getCallLog.response.dispositions ?? {},
  )) {
    if (typeof mapping === 'string') {
      checkMapping(mapping, join('operations.getCallLog.response.dispositions', field), report);
    }
  }
}

const APPOINTMENT_OPERATIONS = [
  'listAppointments',
  'createAppointment',
  'updateAppointment',
  'refreshAppointment',
  'confirmAppointment',
  'cancelAppointment',
] as const;

/** Each appointment operation needs a way to read a record; a phone pick makes no sense there. */
function checkAppointmentResponses(
  definition: DeclarativeDefinition,
  report: (at: string, message: string) => void,
): void {
  const check = (fields: AppointmentFields, at: string) => {
    const { startTime: _startTime, ...mappings } = fields;
    checkMappings(mappings, at, report);
    checkMapping(fields.startTime.path, `${at}.startTime.path`, report);
    for (const [field, mapping] of Object.entries(mappings)) {
      if (mapping && typeof mapping === 'object' && 'matchesPhone' in mapping) {
        report(join(at, field), 'matchesPhone only applies to findContactsByPhone');
      }
    }
  };
  if (definition.appointmentFields) check(definition.appointmentFields, 'appointmentFields');
  const unmapped: string[] = [];
  for (const name of APPOINTMENT_OPERATIONS) {
    const operation = definition.operations[name];
    if (!operation) continue;
    const fields = operation.response?.appointment;
    if (fields) check(fields, `operations.${name}.response.appointment`);
    else unmapped.push(name);
  }
  if (unmapped.length > 0 && !definition.appointmentFields) {
    report(
      'appointmentFields',
      `is required: ${unmapped.join(', ')} ${unmapped.length === 1 ? 'has' : 'have'} no response.appointment saying how a record becomes an appointment`,
    );
  }
}

/** Account data is read, never written, and its options map scalars of each listed record. */
function checkAccountData(
  definition: DeclarativeDefinition,
  report: (at: string, message: string) => void,
): void {
  for (const [key, { request, response }] of Object.entries(definition.accountData?.keys ?? {})) {
    const at = join('accountData.keys', key);
    if (request.method !== 'GET') {
      report(`${at}.request.method`, 'must be "GET": account data is only read');
    }
    if (request.body !== undefined) report(`${at}.request.body`, 'cannot be sent with GET');
    checkMappings(response.option, `${at}.response.option`, report);
    for (const [field, mapping] of Object.entries(response.option)) {
      if (typeof mapping === 'object' && 'matchesPhone' in mapping) {
        report(
          join(`${at}.response.option`, field),
          'matchesPhone only applies to findContactsByPhone',
        );
      }
    }
  }
}

function checkMappings(
  fields: Partial<ContactFields> | Record<string, unknown>,
  at: string,
  report: (at: string, message: string) => void,
): void {
  for (const [field, mapping] of Object.entries(fields)) {
    if (typeof mapping === 'string') checkMapping(mapping, join(at, field), report);
  }
}

function checkMapping(mapping: string, at: string, report: (at: string, message: string) => void) {
  if (!mapping.includes('{{') && !mapping.includes('}}')) {
    if (!PATH.test(mapping)) {
      report(
        at,
        'must be $, a dotted path such as data.id, or a template such as {{first}} {{last}}',
      );
    }
    return;
  }
  try {
    parseTemplate(mapping);
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    report(at, error.message);
  }
}

function checkDispositions(
  definition: DeclarativeDefinition,
  report: (at: string, message: string) => void,
): void {
  const declared = new Set((definition.logFormFields?.callLog ?? []).map((field) => field.const));
  if (definition.operations.upsertCallDisposition && declared.size === 0) {
    report(
      'operations.upsertCallDisposition',
      'needs logFormFields.callLog: it stores the values of those fields',
    );
  }
  for (const field of Object.keys(definition.operations.getCallLog.response.dispositions ?? {})) {
    if (!declared.has(field)) {
      report(
        join('operations.getCallLog.response.dispositions', field),
        'is not a field const declared in logFormFields.callLog',
      );
    }
  }
}

/** `matchesPhone` picks the phone that was searched for: only phone searches have one. */
function checkPicks(
  definition: DeclarativeDefinition,
  report: (at: string, message: string) => void,
): void {
  const { operations } = definition;
  const sites: [string, object | undefined][] = [
    [
      'operations.findContactsByName.response.contact',
      operations.findContactsByName?.response.contact,
    ],
    ['operations.createContact.response.contact', operations.createContact?.response?.contact],
    ['operations.getUserInfo.response', operations.getUserInfo.response],
    ['operations.getCallLog.response', operations.getCallLog.response],
    ['operations.getMessageLog.response', operations.getMessageLog.response],
  ];
  for (const [at, fields] of sites) {
    for (const [field, mapping] of Object.entries(fields ?? {})) {
      if (mapping && typeof mapping === 'object' && 'matchesPhone' in mapping) {
        report(
          join(at, field),
          'matchesPhone only applies to findContactsByPhone (no number was searched)',
        );
      }
    }
  }
}
