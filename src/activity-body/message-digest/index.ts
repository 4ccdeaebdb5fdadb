export {
  appendToMessageDigest,
  composeMessageDigest,
  messageDigestSubject,
} from './message-digest.composer.js';
export type {
  DigestAttachment,
  DigestConversation,
  DigestMessage,
  MessageDigest,
} from './message-digest.types.js';
