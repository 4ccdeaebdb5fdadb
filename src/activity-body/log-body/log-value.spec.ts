import { renderLogValue } from './log-value.js';

describe('renderLogValue', () => {
  it('shows text, numbers and booleans as written', () => {
    expect(renderLogValue('87/100')).toBe('87/100');
    expect(renderLogValue(87)).toBe('87');
    expect(renderLogValue(0)).toBe('0');
    expect(renderLogValue(true)).toBe('yes');
  });

  it('shows objects as key: value pairs and lists comma-separated, nesting in parentheses', () => {
    expect(renderLogValue({ overall: 87, categories: { greeting: 9, closing: 8 } })).toBe(
      'overall: 87, categories: (greeting: 9, closing: 8)',
    );
    expect(renderLogValue([1, 'two', [3, 4]])).toBe('1, two, (3, 4)');
  });

  it('gives no section for null, blank and empty values, and drops null members', () => {
    for (const empty of [null, undefined, '', '  ', {}, [], { a: null }, Number.NaN]) {
      expect(renderLogValue(empty)).toBeUndefined();
    }
    expect(renderLogValue({ a: null, b: 2 })).toBe('b: 2');
  });

  it('elides objects nested deeper than four levels', () => {
    expect(renderLogValue({ a: { b: { c: { d: { e: 1 } } } } })).toBe('a: (b: (c: (d: (…))))');
  });
});
