import type { DigestAttachment } from '../activity-body/message-digest/index.js';
import type { MessageAttachmentDto } from './dto/message.dto.js';

const TOKEN_PARAMETER = /^access_?token$/i;

/** `link` as an http(s) URL without credentials (token parameters, userinfo); else undefined. */
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
