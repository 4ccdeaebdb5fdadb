import type { CrmContact } from '../crm/crm-contact.types.js';
import type { CrmProvider } from '../crm/crm-provider.js';

/** A contact as the client reads it: string ids, and always an object `additionalInfo`. */
export interface ClientContact {
  id: string;
  name: string;
  type?: string;
  phone?: string;
  title?: string;
  company?: string;
  email?: string;
  createdDate?: string;
  mostRecentActivityDate?: string;
  additionalInfo: Record<string, unknown>;
}

export interface NewContactPlaceholder {
  id: 'createNewContact';
  name: 'Create new contact...';
  isNewContact: true;
  defaultContactType: string;
  additionalInfo: Record<string, unknown>;
}

export function toClientContact(contact: CrmContact): ClientContact {
  const info = contact.additionalInfo;
  return {
    id: String(contact.id),
    name: contact.name,
    type: contact.type,
    phone: contact.phone,
    title: contact.title,
    company: contact.company,
    email: contact.email,
    createdDate: contact.createdDate,
    mostRecentActivityDate: contact.mostRecentActivityDate,
    additionalInfo: info && typeof info === 'object' && !Array.isArray(info) ? info : {},
  };
}

/** The entry every GET /contact list ends with; choosing it makes the client create a contact. */
export function newContactPlaceholder(provider: CrmProvider): NewContactPlaceholder {
  return {
    id: 'createNewContact',
    name: 'Create new contact...',
    isNewContact: true,
    defaultContactType: provider.contactTypes?.[0]?.value ?? 'Contact',
    additionalInfo: {},
  };
}
