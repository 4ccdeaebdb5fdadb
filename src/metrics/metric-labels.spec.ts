import { methodLabel, nameLabel, routeLabel, UNMATCHED_ROUTE } from './metric-labels.js';

describe('metric labels', () => {
  it('keeps the usual methods and folds the rest', () => {
    expect(methodLabel('GET')).toBe('GET');
    expect(methodLabel('PATCH')).toBe('PATCH');
    expect(methodLabel('PROPFIND')).toBe('OTHER');
    expect(methodLabel('get')).toBe('OTHER');
  });

  it('labels a request by its route pattern, never its URL', () => {
    expect(routeLabel({ routeOptions: { url: '/contact' } })).toBe('/contact');
    expect(routeLabel({ routeOptions: { url: '/oauth-start/:platform' } })).toBe(
      '/oauth-start/:platform',
    );
    expect(routeLabel({ routeOptions: { url: '/api/:id' } })).toBe('/api/:id');
    expect(routeLabel({ routeOptions: {} })).toBe(UNMATCHED_ROUTE);
    expect(routeLabel({ routeOptions: { url: '*' } })).toBe(UNMATCHED_ROUTE);
  });

  it('keeps plain names and replaces odd ones', () => {
    expect(nameLabel('findContactsByPhone', 'unnamed')).toBe('findContactsByPhone');
    expect(nameLabel('sample-crm.v2:x_y', 'unnamed')).toBe('sample-crm.v2:x_y');
    expect(nameLabel(undefined, 'unnamed')).toBe('unnamed');
    expect(nameLabel('', 'unnamed')).toBe('unnamed');
    expect(nameLabel('has space', 'unnamed')).toBe('unnamed');
    expect(nameLabel('x'.repeat(65), 'unnamed')).toBe('unnamed');
    expect(nameLabel('/api/contacts?phone=1', 'unnamed')).toBe('unnamed');
  });
});
