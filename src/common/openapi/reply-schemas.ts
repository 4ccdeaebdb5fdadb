import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';

const ref = (name: string): ReferenceObject => ({ $ref: `#/components/schemas/${name}` });

const envelope = (
  description: string,
  properties: Record<string, SchemaObject | ReferenceObject> = {},
): SchemaObject => ({
  type: 'object',
  description,
  required: ['successful'],
  properties: {
    successful: { type: 'boolean' },
    returnMessage: ref('ReturnMessage'),
    ...properties,
  },
  additionalProperties: true,
});

const id = { oneOf: [{ type: 'string' }, { type: 'number' }] } as SchemaObject;

/** Reply shapes for /docs-json, named as in the App Connect document where they match. */
export const REPLY_SCHEMAS = {
  ReturnMessage: {
    type: 'object',
    description: 'A notification the client shows (success, warning or error) for ttl milliseconds',
    required: ['message', 'messageType', 'ttl'],
    properties: {
      message: { type: 'string' },
      messageType: { type: 'string', enum: ['success', 'warning', 'error'] },
      ttl: { type: 'integer', minimum: 0 },
      details: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            title: { type: 'string' },
            items: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'string' },
                  type: { type: 'string', enum: ['text'] },
                  text: { type: 'string' },
                },
              },
            },
          },
        },
      },
    },
  },
  Envelope: envelope(
    'The reply envelope the client reads; `successful: false` with a returnMessage when the CRM ' +
      'refused or failed (still a 200)',
  ),
  FailureEnvelope: {
    type: 'object',
    description: 'A refusal the client shows as a notification',
    required: ['successful', 'returnMessage'],
    properties: {
      successful: { type: 'boolean', enum: [false] },
      returnMessage: ref('ReturnMessage'),
    },
  },
  SessionRevokedReply: {
    type: 'object',
    description: 'The CRM refused the stored credentials for good: the user must connect again',
    required: ['successful', 'errorCode', 'returnMessage'],
    properties: {
      successful: { type: 'boolean', enum: [false] },
      errorCode: { type: 'string', enum: ['CRM_SESSION_REVOKED'] },
      returnMessage: ref('ReturnMessage'),
    },
  },
  ApiKeyLoginResponse: envelope('Signed in: the session token for every later call', {
    jwtToken: { type: 'string' },
  }),
  AuthValidationResponse: envelope('Whether the stored CRM credentials still work', {
    validated: { type: 'boolean' },
    failReason: { type: 'string' },
  }),
  ContactInfo: {
    type: 'object',
    description: 'A CRM contact; id `createNewContact` is the placeholder the client offers',
    properties: {
      id,
      name: { type: 'string' },
      phone: { type: 'string' },
      type: { type: 'string' },
      title: { type: 'string' },
      company: { type: 'string' },
      mostRecentActivityDate: { type: 'string' },
      isNewContact: { type: 'boolean' },
      additionalInfo: { type: 'object', nullable: true, additionalProperties: true },
    },
    additionalProperties: true,
  },
  ContactSearchResponse: envelope('Matching contacts', {
    contact: { type: 'array', items: ref('ContactInfo') },
  }),
  ContactMutationResponse: envelope('The contact created in the CRM', {
    contact: ref('ContactInfo'),
  }),
  CallLogLookupResponse: envelope('One entry per requested session id', {
    logs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['sessionId', 'matched'],
        properties: {
          sessionId: { type: 'string' },
          matched: { type: 'boolean' },
          logId: id,
          logData: { type: 'object', additionalProperties: true },
        },
      },
    },
  }),
  CallLogMutationResponse: envelope('The CRM activity the call was logged as', { logId: id }),
  CallLogUpdateResponse: envelope('The updated CRM activity', {
    logId: id,
    updatedNote: { type: 'string' },
  }),
  MessageLogResponse: envelope('The CRM activities the messages were logged as', {
    logIds: { type: 'array', items: id },
  }),
  CallDownEntry: {
    type: 'object',
    description: 'A scheduled call-back of the signed-in user',
    required: ['id', 'status'],
    properties: {
      id: { type: 'string' },
      contactId: { type: 'string', nullable: true },
      contactType: { type: 'string', nullable: true },
      contactName: { type: 'string', nullable: true },
      phoneNumber: { type: 'string', nullable: true },
      note: { type: 'string', nullable: true },
      status: { type: 'string', enum: ['scheduled', 'called'] },
      scheduledAt: { type: 'string', format: 'date-time', nullable: true },
      lastCallAt: { type: 'string', format: 'date-time', nullable: true },
      createdAt: { type: 'string', format: 'date-time' },
      updatedAt: { type: 'string', format: 'date-time' },
    },
  },
  CallDownListResponse: {
    type: 'object',
    description: 'The entries by scheduledAt (unscheduled last)',
    required: ['successful', 'items'],
    properties: {
      successful: { type: 'boolean', enum: [true] },
      items: { type: 'array', items: ref('CallDownEntry') },
    },
  },
  CallDownCreateResponse: {
    type: 'object',
    description: 'The id of the scheduled entry',
    required: ['successful', 'id'],
    properties: { successful: { type: 'boolean', enum: [true] }, id: { type: 'string' } },
  },
  CallDownMutationResponse: {
    type: 'object',
    required: ['successful'],
    properties: { successful: { type: 'boolean', enum: [true] } },
  },
  AccountDataResponse: envelope('The requested account data, by key', {
    data: {
      type: 'object',
      additionalProperties: true,
      description: 'Each requested key and its value, as cached for the CRM tenant',
    },
  }),
  IdentifiedAppointment: {
    type: 'object',
    description: 'An appointment in the CRM; startTimeUtc carries its offset',
    required: ['id'],
    properties: {
      id,
      thirdPartyAppointmentId: id,
      title: { type: 'string' },
      description: { type: 'string' },
      startTimeUtc: { type: 'string', format: 'date-time' },
      durationMinutes: { type: 'number', minimum: 0 },
      status: { type: 'string' },
      contactId: id,
      contactType: { type: 'string' },
      attendees: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id'],
          properties: {
            id,
            name: { type: 'string' },
            type: { type: 'string' },
            status: { type: 'string' },
            email: { type: 'string' },
          },
          additionalProperties: true,
        },
      },
    },
    additionalProperties: true,
  },
  AppointmentListResponse: envelope('The appointments in the requested window', {
    appointments: { type: 'array', items: ref('IdentifiedAppointment') },
  }),
  AppointmentCreateResponse: envelope('The appointment created in the CRM', {
    appointmentId: id,
    appointment: ref('IdentifiedAppointment'),
  }),
  AppointmentRecordResponse: envelope('The appointment as it now is in the CRM', {
    appointmentId: id,
    appointment: ref('IdentifiedAppointment'),
  }),
  AppointmentActionResponse: envelope('The appointment after the confirmation or cancellation', {
    appointmentId: id,
    appointment: ref('IdentifiedAppointment'),
  }),
  UserSettings: {
    type: 'object',
    description: 'The user settings map, keyed by the manifest setting id',
    additionalProperties: true,
  },
  UserSettingsEnvelope: {
    type: 'object',
    required: ['userSettings'],
    properties: { userSettings: ref('UserSettings') },
  },
  AdminSettings: {
    type: 'object',
    description:
      "The account's policy: user-setting entries it manages, custom-connector data, and the CRM user mapping of the session's CRM",
    required: ['userSettings', 'customConnector', 'userMappings'],
    properties: {
      userSettings: ref('UserSettings'),
      customConnector: { nullable: true, description: 'As the administrator saved it, or null' },
      userMappings: {
        type: 'array',
        items: {
          type: 'object',
          required: ['crmUserId', 'rcExtensionId'],
          properties: {
            crmUserId: { type: 'string' },
            rcExtensionId: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
  },
  ManagedAuthOptionsResponse: {
    type: 'array',
    description: 'Choices for a dynamic managed field (none: no provider declares one)',
    items: {
      type: 'object',
      required: ['value', 'label'],
      properties: { value: { type: 'string' }, label: { type: 'string' } },
    },
  },
  UserMappingResponse: {
    type: 'array',
    description:
      'Each CRM user with the RingCentral extensions mapped to them (empty: none matched)',
    items: {
      type: 'object',
      required: ['crmUser', 'rcUser'],
      properties: {
        crmUser: {
          type: 'object',
          required: ['id', 'name', 'email'],
          properties: {
            id: { type: 'string' },
            name: { type: 'string' },
            email: { type: 'string' },
          },
        },
        rcUser: {
          type: 'array',
          items: {
            type: 'object',
            required: ['extensionId', 'name', 'extensionNumber', 'email'],
            properties: {
              extensionId: { oneOf: [{ type: 'string' }, { type: 'number' }] },
              name: { type: 'string' },
              extensionNumber: { type: 'string' },
              email: { type: 'string' },
            },
          },
        },
      },
    },
  },
  ServerLoggingSettings: {
    type: 'object',
    required: ['additionalFieldValues'],
    properties: { additionalFieldValues: { type: 'object', additionalProperties: true } },
  },
  UserInfoHashResponse: {
    type: 'object',
    description: 'Keyed hashes of the RingCentral ids (an id not sent is hashed as the empty id)',
    required: ['extensionId', 'accountId'],
    properties: { extensionId: { type: 'string' }, accountId: { type: 'string' } },
  },
  LicenseStatusResponse: {
    type: 'object',
    required: ['isLicenseValid', 'licenseStatus', 'licenseStatusDescription'],
    properties: {
      isLicenseValid: { type: 'boolean' },
      licenseStatus: { type: 'string' },
      licenseStatusDescription: { type: 'string' },
    },
  },
  CrmManifest: {
    type: 'object',
    description: 'The generated App Connect manifest (platforms, settings, auth forms)',
    additionalProperties: true,
  },
  ImplementedInterfacesResponse: {
    type: 'object',
    description: 'Which provider operations the platform implements',
    additionalProperties: { type: 'boolean' },
  },
  ReleaseNotesResponse: {
    type: 'object',
    description: 'Release notes by version, then by platform',
    additionalProperties: { type: 'object', additionalProperties: true },
  },
  ServerVersionInfoResponse: {
    type: 'object',
    required: ['version'],
    properties: { version: { type: 'string' } },
  },
  ApiKeyManagedAuthStateResponse: {
    type: 'object',
    description:
      "Whether the RingCentral token's account has admin-managed values for this API-key platform",
    required: [
      'hasManagedAuth',
      'allRequiredFieldsSatisfied',
      'visibleFieldConsts',
      'missingRequiredFieldConsts',
      'fallbackToManualAuth',
    ],
    properties: {
      hasManagedAuth: { type: 'boolean' },
      allRequiredFieldsSatisfied: { type: 'boolean' },
      visibleFieldConsts: { type: 'array', items: { type: 'string' }, nullable: true },
      missingRequiredFieldConsts: { type: 'array', items: { type: 'string' } },
      fallbackToManualAuth: { type: 'boolean' },
    },
  },
  ManagedAuthAdminResponse: {
    type: 'object',
    description: 'Managed login fields and which hold a value (values themselves are never sent)',
    required: ['hasManagedAuth', 'fields', 'orgFields', 'userFields', 'orgValues', 'userValues'],
    properties: {
      hasManagedAuth: { type: 'boolean' },
      fields: { type: 'array', items: ref('ManagedAuthFieldDefinition') },
      orgFields: { type: 'array', items: ref('ManagedAuthFieldDefinition') },
      userFields: { type: 'array', items: ref('ManagedAuthFieldDefinition') },
      orgValues: { type: 'object', additionalProperties: ref('StoredFieldValue') },
      userValues: {
        type: 'array',
        items: {
          type: 'object',
          required: ['rcExtensionId', 'rcUserName', 'fields'],
          properties: {
            rcExtensionId: { type: 'string' },
            rcUserName: { type: 'string' },
            fields: { type: 'object', additionalProperties: ref('StoredFieldValue') },
          },
        },
      },
    },
  },
  ManagedAuthFieldDefinition: {
    type: 'object',
    required: ['const'],
    properties: {
      const: { type: 'string' },
      required: { type: 'boolean' },
      managed: { type: 'boolean' },
      managedScope: { type: 'string', enum: ['account', 'user'] },
      managedFieldType: { type: 'string', enum: ['input', 'dynamic'] },
    },
  },
  StoredFieldValue: {
    type: 'object',
    required: ['hasValue', 'value'],
    properties: {
      hasValue: { type: 'boolean' },
      value: { type: 'string', description: "Always '': a stored secret is never sent back" },
    },
  },
  OauthManagedAuthStateResponse: {
    type: 'object',
    description:
      "Administrator-managed OAuth of the token's account for the platform; never the client secret",
    required: ['isAdmin', 'hasAccountOAuth', 'hasPendingOAuth'],
    properties: {
      isAdmin: { type: 'boolean' },
      hasAccountOAuth: { type: 'boolean' },
      hasPendingOAuth: { type: 'boolean' },
      oauthValues: ref('ManagedOAuthPublicValues'),
      pendingValues: ref('ManagedOAuthPublicValues'),
    },
  },
  ManagedOAuthPublicValues: {
    type: 'object',
    description: 'Managed OAuth values as stored, without clientSecret',
    properties: {
      clientId: { type: 'string' },
      accessTokenUri: { type: 'string' },
      authorizationUri: { type: 'string' },
      redirectUri: { type: 'string' },
      scopes: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
      hostname: { type: 'string' },
    },
  },
  BasicMutationResponse: {
    type: 'object',
    required: ['successful'],
    properties: { successful: { type: 'boolean', enum: [true] } },
  },
  HealthCheckResult: {
    type: 'object',
    description: 'Terminus readiness: status, and per dependency up or down',
    required: ['status'],
    properties: {
      status: { type: 'string', enum: ['ok', 'error'] },
      info: { type: 'object', additionalProperties: true },
      error: { type: 'object', additionalProperties: true },
      details: { type: 'object', additionalProperties: true },
    },
  },
} satisfies Record<string, SchemaObject>;

export type ReplySchemaName = keyof typeof REPLY_SCHEMAS;

export const schemaRef = (name: ReplySchemaName): ReferenceObject => ref(name);
