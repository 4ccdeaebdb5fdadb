import {
  escapePlainText,
  PLAIN_STRUCTURE_LINE,
  sanitizeText,
  toSingleLine,
  unescapePlainText,
} from './log-escape.js';
import {
  insertLinear,
  splitLines,
  type LocatedSection,
  type LogCodec,
  type ParsedBody,
} from './log-codec.js';
import { SECTION_SPECS, type SectionKey, type SectionSpec } from './log-sections.js';

const LABEL_LINE = /^- ([^:\n]+):(?:[ \t]|$)/;
// `Agent notes` is how some older bodies label the note.
const NOTE_LABELS = ['Note', 'Agent notes'];
const NOTE_PREFIX = /^- (?:Note|Agent notes):[ \t]?/;

const specByLabel = new Map<string, SectionSpec>(SECTION_SPECS.map((spec) => [spec.label, spec]));
const specByKey = new Map<SectionKey, SectionSpec>(SECTION_SPECS.map((spec) => [spec.key, spec]));

function keyOfLine(line: string): SectionKey | undefined {
  const label = LABEL_LINE.exec(line)?.[1];
  if (label === undefined) return undefined;
  return NOTE_LABELS.includes(label) ? 'note' : specByLabel.get(label)?.key;
}

/** Plain text: `- Label: value` lines; blocks close with their end marker (§8.2). */
export const plainTextCodec: LogCodec = {
  normalize: (body) => body.replace(/\r\n?/g, '\n'),

  renderNote: (note) => `- Note: ${escapePlainText(sanitizeText(note).trim())}\n`,

  renderSection(spec, value) {
    if (spec.plainShape === 'line') return `- ${spec.label}: ${toSingleLine(value)}\n`;
    const content = escapePlainText(sanitizeText(value).trim());
    return `- ${spec.label}:\n${content}\n${spec.endMarker ?? '--- END'}\n`;
  },

  assemble: (note, sections) => (note ?? '') + sections.map((section) => section.text).join(''),

  parse(body): ParsedBody {
    const lines = splitLines(body);
    const found = new Map<SectionKey, LocatedSection>();
    let i = 0;
    while (i < lines.length) {
      const key = keyOfLine(lines[i]!.text);
      if (key === undefined || found.has(key)) {
        i += 1;
        continue;
      }
      let last = i;
      if (key === 'note') {
        while (last + 1 < lines.length && !PLAIN_STRUCTURE_LINE.test(lines[last + 1]!.text)) {
          last += 1;
        }
      } else {
        const spec = specByKey.get(key);
        if (spec?.plainShape === 'block') last = blockEnd(lines, i, spec.endMarker ?? '--- END');
      }
      found.set(key, { key, start: lines[i]!.start, end: lines[last]!.end });
      i = last + 1;
    }
    return { sections: [...found.values()].sort((a, b) => a.start - b.start) };
  },

  noteText: (sectionText) =>
    unescapePlainText(sectionText.replace(/\n$/, '').replace(NOTE_PREFIX, '')).trim(),

  lineValue: (sectionText) => (sectionText.split('\n')[0] ?? '').replace(LABEL_LINE, '').trim(),

  // A note has no end marker: put above unmanaged text, it would swallow that text.
  insert: (body, parsed, key, rendered) => insertLinear(body, parsed, key, rendered, 'end'),
};

function blockEnd(lines: readonly { text: string }[], labelIndex: number, marker: string): number {
  for (let j = labelIndex + 1; j < lines.length; j += 1) {
    const text = lines[j]!.text;
    if (text.trimEnd() === marker) return j;
    if (keyOfLine(text) !== undefined) return j - 1;
  }
  return lines.length - 1;
}
