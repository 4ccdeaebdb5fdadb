import { parseTemplate, type Template } from './template.js';

const parsed = new Map<string, Template>();

/** parseTemplate, once per distinct text (definitions are validated at start-up, so it parses). */
export function template(text: string): Template {
  let found = parsed.get(text);
  if (!found) {
    found = parseTemplate(text);
    parsed.set(text, found);
  }
  return found;
}
