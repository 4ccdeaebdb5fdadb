export * from './invalid-phone-number-error.js';
export * from './overriding-format.js';
export * from './phone-query.js';
export * from './phone-variant-search.js';
export * from './phone-variants.js';
export * from './phone-candidates.js';
