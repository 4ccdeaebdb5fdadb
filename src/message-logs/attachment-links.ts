import type { DigestAttachment } from '../activity-body/message-digest/index.js';
import type { MessageAttachmentDto } from './dto/message.dto.js';

/** Query parameters through which RingCentral download URLs carry an access token. */
const TOKEN_PARAMETER = /^access_?token$/i;

/**
 * The attachment's `link` as an http(s) URL that carries no credentials: token query parameters
 * and userinfo are removed. Anything else (no link, `javascript:`, relative) is undefined. The
 * API `uri` and download URLs are never used: they need, or carry, a RingCentral token.
 */
export function tokenFreeLink(link: string | undefined): string | undefined {
  if (!link?.trim()) return undefined;
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.username = '';
  url.password = '';
  for (const name of [...url.searchParams.keys()]) {
    if (TOKEN_PARAMETER.test(name)) url.searchParams.delete(name);
  }
  return url.href;
}

/**
 * How the digest shows a message's attachments: MMS media, a fax document, a voicemail
 * recording. `Text` attachments (the SMS text itself) are not shown again.
 */
export function digestAttachments(
  attachments: readonly MessageAttachmentDto[] | undefined,
): DigestAttachment[] {
  return (attachments ?? [])
    .filter((attachment) => attachment.type?.toLowerCase() !== 'text')
    .map((attachment) => ({
      label: attachmentLabel(attachment),
      link: tokenFreeLink(attachment.link),
    }));
}

function attachmentLabel(attachment: MessageAttachmentDto): string {
  switch (attachment.type) {
    case 'RenderedDocument':
      return 'Fax document';
    case 'AudioRecording':
      return 'Voicemail recording';
    default: {
      const contentType = attachment.contentType?.trim();
      return contentType ? `Attachment (${contentType})` : 'Attachment';
    }
  }
}
