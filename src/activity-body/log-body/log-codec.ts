import type { CallLogBodyInput } from './log-body.types.js';
import { sectionRank, type SectionKey, type SectionSpec } from './log-sections.js';

/** `[start, end)` of a managed section, end marker and line break included. */
export interface LocatedSection {
  key: SectionKey;
  start: number;
  end: number;
}

export interface ParsedBody {
  sections: LocatedSection[];
  list?: { start: number; end: number };
}

export interface RenderedSection {
  spec: SectionSpec;
  text: string;
}

/** Renders and parses one body format. */
export interface LogCodec {
  normalize(body: string): string;
  renderNote(note: string): string;
  renderSection(spec: SectionSpec, value: string, input: CallLogBodyInput): string;
  assemble(note: string | undefined, sections: readonly RenderedSection[]): string;
  parse(body: string): ParsedBody;
  noteText(sectionText: string): string;
  lineValue(sectionText: string): string;
  insert(body: string, parsed: ParsedBody, key: SectionKey, rendered: string): string;
}

export interface BodyLine {
  text: string;
  start: number;
  end: number;
}

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

export const escapeRegExp = (value: string): string => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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

export function insertLines(body: string, pos: number, text: string): string {
  const lead = pos > 0 && body[pos - 1] !== '\n' ? '\n' : '';
  return body.slice(0, pos) + lead + text + body.slice(pos);
}

/**
 * Inserts after the closest present predecessor, else before the closest successor, else at the
 * end; the note goes before the first section (with none, at `emptyNotePosition`).
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
