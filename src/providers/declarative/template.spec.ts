import { parseTemplate, renderTemplate, TemplateSyntaxError } from './template.js';

const render = (text: string, scope: unknown, encode?: (text: string) => string) =>
  renderTemplate(parseTemplate(text), scope, encode);

describe('declarative templates', () => {
  it('parses literal text and placeholders with filters', () => {
    expect(parseTemplate('/api/{{ logId }}?x={{call.subject|truncate:3 | default:none}}')).toEqual([
      '/api/',
      { path: ['logId'], filters: [] },
      '?x=',
      {
        path: ['call', 'subject'],
        filters: [
          { name: 'truncate', arg: '3' },
          { name: 'default', arg: 'none' },
        ],
      },
    ]);
    expect(parseTemplate('no placeholders')).toEqual(['no placeholders']);
    expect(parseTemplate('')).toEqual([]);
  });

  it.each([
    ['{{call.subject', '"{{" without a closing "}}"'],
    ['call}}', '"}}" without a matching "{{"'],
    ['{{ }}', 'empty placeholder'],
    ['{{call subject}}', 'invalid placeholder'],
    ['{{call..subject}}', 'invalid placeholder'],
    ['{{a {{b}}', '"{{" inside a placeholder'],
    ['{{x | upper}}', 'unknown filter "upper"'],
    ['{{x | toString}}', 'unknown filter "toString"'],
    ['{{x | truncate}}', 'needs a positive whole number'],
    ['{{x | truncate:0}}', 'needs a positive whole number'],
    ['{{x | truncate:abc}}', 'needs a positive whole number'],
    ['{{x | string:1}}', 'takes no argument'],
    ['{{x | default}}', 'needs a value'],
  ])('refuses %j with a reason', (text, reason) => {
    expect(() => parseTemplate(text)).toThrow(TemplateSyntaxError);
    expect(() => parseTemplate(text)).toThrow(reason);
  });

  it('keeps the JSON type of a lone placeholder, and undefined when the value is absent', () => {
    const scope = { n: 5, o: { a: [1] }, b: false, s: 'x', nil: null };
    expect(render('{{n}}', scope)).toBe(5);
    expect(render('{{o}}', scope)).toEqual({ a: [1] });
    expect(render('{{b}}', scope)).toBe(false);
    expect(render('{{nil}}', scope)).toBeNull();
    expect(render('{{missing}}', scope)).toBeUndefined();
    expect(render('{{o.a.0}}', scope)).toBe(1);
  });

  it('renders text around placeholders, absent values as empty, objects as JSON', () => {
    expect(render('{{a}}-{{missing}}-{{o}}', { a: 1, o: { k: 'v' } })).toBe('1--{"k":"v"}');
    expect(render('/x/{{id}}', { id: 'a/b c' }, encodeURIComponent)).toBe('/x/a%2Fb%20c');
  });

  it('never reads inherited properties', () => {
    expect(render('{{constructor}}', {})).toBeUndefined();
    expect(render('{{a.toString}}', { a: {} })).toBeUndefined();
    expect(render('{{__proto__}}', {})).toBeUndefined();
  });

  it('applies filters in order', () => {
    expect(render('{{s | truncate:3}}', { s: 'abcdef' })).toBe('abc');
    expect(render('{{s | truncate:3}}', { s: 'ab' })).toBe('ab');
    expect(render('{{s | truncate:2}}', { s: '😀😀😀' })).toBe('😀😀');
    expect(render('{{s | omitIfLonger:3}}', { s: 'abcd' })).toBeUndefined();
    expect(render('{{s | omitIfLonger:3}}', { s: 'abc' })).toBe('abc');
    expect(render('{{s | default:Person}}', {})).toBe('Person');
    expect(render('{{s | default:Person}}', { s: '' })).toBe('Person');
    expect(render('{{s | default:Person}}', { s: 'Company' })).toBe('Company');
    expect(render('{{n | string}}', { n: 42 })).toBe('42');
    expect(render('{{s | number}}', { s: '42' })).toBe(42);
    expect(render('{{s | number}}', { s: 'x' })).toBe('x');
    expect(render('{{s | truncate:2 | default:none}}', {})).toBe('none');
  });
});
