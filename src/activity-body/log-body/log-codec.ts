import type { CallLogBodyInput } from './log-body.types.js';
import { sectionRank, type SectionKey, type SectionSpec } from './log-sections.js';

/** Where a managed section sits in a body: `[start, end)`, end marker and line break included. */
export interface LocatedSection {
  key: SectionKey;
  start: number;
  end: number;
}

/** The managed sections of a body (first occurrence of each key), sorted by position. */
export interface ParsedBody {
  sections: LocatedSection[];
  /** HTML only: the `<ul>…</ul>` around the detail items (the items themselves when unwrapped). */
  list?: { start: number; end: number };
}

/** A rendered detail section, ready to assemble. */
export interface RenderedSection {
  spec: SectionSpec;
  text: string;
}

/** Renders and parses one body format. */
export interface LogCodec {
  /** Line-break normalisation applied to an existing body before parsing. */
  normalize(body: string): string;
  renderNote(note: string): string;
  renderSection(spec: SectionSpec, value: string, input: CallLogBodyInput): string;
  /** A whole body from rendered parts in canonical order. */
  assemble(note: string | undefined, sections: readonly RenderedSection[]): string;
  parse(body: string): ParsedBody;
  /** The agent note held by a located note section. */
  noteText(sectionText: string): string;
  /** The value of a located single-line section, as text. */
  lineValue(sectionText: string): string;
  /** The body with a section that is not present yet inserted at its canonical position. */
  insert(body: string, parsed: ParsedBody, key: SectionKey, rendered: string): string;
}

/** One line of a body; `end` includes the line break when there is one. */
export interface BodyLine {
  text: string;
  start: number;
  end: number;
}

/** Splits a body into lines with their offsets (no phantom line after a final `\n`). */
export function splitLines(body: string): BodyLine[] {
  const lines: BodyLine[] = [];
  let start = 0;
  while (start < body.length) {
    const newline = body.indexOf('\n', start);
    const end = newline === -1 ? body.length : newline + 1;
    lines.push({ text: body.slice(start, newline === -1 ? end : newline), start, end });
    start = end;
  }
  return lines;
}

/** Escapes a literal for use inside a RegExp. */
export const escapeRegExp = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The present section of highest canonical rank below `key`, if any. */
export function predecessorOf(
  sections: readonly LocatedSection[],
  key: SectionKey,
): LocatedSection | undefined {
  const rank = sectionRank(key);
  let best: LocatedSection | undefined;
  for (const section of sections) {
    const r = sectionRank(section.key);
    if (r < rank && (!best || r > sectionRank(best.key))) best = section;
  }
  return best;
}

/** The present section of lowest canonical rank above `key`, if any. */
export function successorOf(
  sections: readonly LocatedSection[],
  key: SectionKey,
): LocatedSection | undefined {
  const rank = sectionRank(key);
  let best: LocatedSection | undefined;
  for (const section of sections) {
    const r = sectionRank(section.key);
    if (r > rank && (!best || r < sectionRank(best.key))) best = section;
  }
  return best;
}

/** Inserts line-oriented text at `pos`, starting a new line first when `pos` is mid-line. */
export function insertLines(body: string, pos: number, text: string): string {
  const lead = pos > 0 && body[pos - 1] !== '\n' ? '\n' : '';
  return body.slice(0, pos) + lead + text + body.slice(pos);
}

/**
 * Canonical insertion for line-oriented formats (plain text, Markdown): after the closest present
 * predecessor, else before the closest successor. The note goes before the first section. With no
 * managed section at all, `emptyNotePosition` places the note; other sections go to the end.
 */
export function insertLinear(
  body: string,
  parsed: ParsedBody,
  key: SectionKey,
  rendered: string,
  emptyNotePosition: 'start' | 'end',
): string {
  if (key === 'note') {
    const first = parsed.sections[0];
    const pos = first ? first.start : emptyNotePosition === 'start' ? 0 : body.length;
    return insertLines(body, pos, rendered);
  }
  const predecessor = predecessorOf(parsed.sections, key);
  if (predecessor) return insertLines(body, predecessor.end, rendered);
  const successor = successorOf(parsed.sections, key);
  if (successor) return insertLines(body, successor.start, rendered);
  return insertLines(body, body.length, rendered);
}
