export {
  composeCallLogBody,
  extractAgentNote,
  upsertCallLogBody,
} from './call-log-body.composer.js';
export type {
  CallLeg,
  CallLogBodyInput,
  CallLogExtras,
  CallParty,
  ComposeOptions,
  LogFormat,
  UserSettings,
} from './log-body.types.js';
export { DEFAULT_LOG_DATE_FORMAT, formatLogDate } from './log-date-format.js';
export { formatDuration } from './log-duration.js';
export { renderLogValue } from './log-value.js';
export {
  escapeHtml,
  escapeHtmlMultiline,
  escapeMarkdown,
  escapePlainText,
  markdownLinkDestination,
  PLAIN_STRUCTURE_LINE,
  safeHttpUrl,
  sanitizeText,
  toSingleLine,
} from './log-escape.js';
