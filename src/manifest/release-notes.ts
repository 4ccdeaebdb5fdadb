export interface ReleaseNote {
  type: 'New' | 'Better' | 'Fix';
  description: string;
}

/** GET /releaseNotes: per server version, notes for every platform (`global`) or one platform. */
export const RELEASE_NOTES: Record<string, Record<string, ReleaseNote[]>> = {
  '0.1.0': {
    global: [
      {
        type: 'New',
        description: 'SMS, fax and voicemail logging: one CRM activity per conversation per day.',
      },
      {
        type: 'New',
        description: 'Call dispositions, and notes typed during a call reach its log.',
      },
      {
        type: 'Better',
        description: 'Call and message logs are escaped for HTML and Markdown CRMs.',
      },
    ],
  },
};
