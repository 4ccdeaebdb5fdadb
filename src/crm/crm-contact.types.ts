export interface CrmContact {
  id: string;
  name: string;
  /** The CRM record type; the client sends it back as contactType. */
  type?: string;
  phone?: string;
  title?: string;
  company?: string;
  email?: string;
  createdDate?: string;
  mostRecentActivityDate?: string;
  additionalInfo?: Record<string, unknown>;
}

export interface NewContact {
  phoneNumber: string;
  name: string;
  type?: string;
  additionalSubmission: Record<string, unknown>;
}
