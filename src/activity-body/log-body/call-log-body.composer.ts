import { htmlCodec } from './html.codec.js';
import type { LogCodec, RenderedSection } from './log-codec.js';
import type { CallLogBodyInput, ComposeOptions, LogFormat } from './log-body.types.js';
import { markdownCodec } from './markdown.codec.js';
import { plainTextCodec } from './plain-text.codec.js';
import {
  asText,
  isSettingOn,
  NOTE_SETTING,
  PENDING,
  SECTION_SPECS,
  sectionValue,
  type SectionSpec,
} from './log-sections.js';

const CODECS: Record<LogFormat, LogCodec> = {
  'text/plain': plainTextCodec,
  'text/html': htmlCodec,
  'text/markdown': markdownCodec,
};

function codecFor(format: LogFormat): LogCodec {
  const codec = CODECS[format];
  if (!codec) throw new RangeError(`Unsupported log format: ${String(format)}`);
  return codec;
}

const noteOf = (input: CallLogBodyInput, options: ComposeOptions): string | undefined =>
  isSettingOn(options.settings, NOTE_SETTING.setting, NOTE_SETTING.defaultOn)
    ? asText(input.note)
    : undefined;

const isEnabled = (spec: SectionSpec, options: ComposeOptions): boolean =>
  isSettingOn(options.settings, spec.setting, spec.defaultOn, spec.legacySetting);

/** A new call-log body: the enabled, non-blank sections in canonical order, escaped. */
export function composeCallLogBody(input: CallLogBodyInput, options: ComposeOptions): string {
  const codec = codecFor(options.format);
  const note = noteOf(input, options);
  const sections: RenderedSection[] = [];
  for (const spec of SECTION_SPECS) {
    if (!isEnabled(spec, options)) continue;
    const value = sectionValue(spec, input, options);
    if (value !== undefined) sections.push({ spec, text: codec.renderSection(spec, value, input) });
  }
  return codec.assemble(note === undefined ? undefined : codec.renderNote(note), sections);
}

/**
 * Replaces or inserts each enabled, non-blank section of `update` in `existing`, keeping text
 * outside managed sections (docs/providers.md, How the core edits a body). Idempotent.
 */
export function upsertCallLogBody(
  existing: string,
  update: CallLogBodyInput,
  options: ComposeOptions,
): string {
  const codec = codecFor(options.format);
  let body = codec.normalize(existing);
  const note = noteOf(update, options);
  if (note !== undefined) body = upsertOne(codec, body, 'note', codec.renderNote(note));
  for (const spec of SECTION_SPECS) {
    if (!isEnabled(spec, options)) continue;
    const value = sectionValue(spec, update, options);
    if (value === undefined) continue;
    body = upsertOne(codec, body, spec.key, codec.renderSection(spec, value, update));
  }
  return body;
}

function upsertOne(
  codec: LogCodec,
  body: string,
  key: SectionSpec['key'] | 'note',
  rendered: string,
): string {
  const parsed = codec.parse(body);
  const current = parsed.sections.find((section) => section.key === key);
  if (!current) return codec.insert(body, parsed, key, rendered);
  const currentText = body.slice(current.start, current.end);
  if (key === 'rcUserName' && codec.lineValue(currentText) !== PENDING) return body;
  // A CRM may trim the body's final line break; keep it trimmed so repeated upserts stay stable.
  const replacement = currentText.endsWith('\n') ? rendered : rendered.replace(/\n+$/, '');
  return body.slice(0, current.start) + replacement + body.slice(current.end);
}

/** The agent note of a body this library wrote, as text (`''` when there is none). */
export function extractAgentNote(body: string, format: LogFormat): string {
  const codec = codecFor(format);
  const normalized = codec.normalize(body);
  const note = codec.parse(normalized).sections.find((section) => section.key === 'note');
  return note ? codec.noteText(normalized.slice(note.start, note.end)) : '';
}
