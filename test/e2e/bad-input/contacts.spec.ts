import {
  authed,
  describeBadInput,
  jsonPost,
  type Ctx,
  type Row,
} from '../../support/bad-input-table.js';

function contactRows(): Row[] {
  const find = (query: string) => (c: Ctx) => c.t.http.get(`/contact?${query}&jwtToken=${c.token}`);
  const invalid =
    'an invalid number is a business failure: 200 successful:false "Invalid phone number" with the placeholder (§4.1)';
  const create = (body: unknown) => (c: Ctx) =>
    authed(c.t.http.post('/contact'), c).send(body as object);
  const search = (query: string) => (c: Ctx) =>
    c.t.http.get(`/custom/contact/search?${query}&jwtToken=${c.token}`);
  return [
    {
      route: 'GET /contact',
      name: 'no phoneNumber',
      send: find('isExtension=false'),
      status: 400,
      says: 'Invalid request: phoneNumber is required',
    },
    {
      route: 'GET /contact',
      name: 'phoneNumber twice',
      send: find('phoneNumber=1&phoneNumber=2'),
      status: 400,
      says: 'Invalid request: phoneNumber must be a string',
    },
    {
      route: 'GET /contact',
      name: 'a 65-character phoneNumber',
      send: find(`phoneNumber=${'1'.repeat(65)}`),
      status: 400,
      says: 'Invalid request: phoneNumber must be at most 64 characters',
    },
    {
      route: 'GET /contact',
      name: 'an overridingFormat of 1001 characters',
      send: find(`phoneNumber=%2B14155550100&overridingFormat=${'%23'.repeat(1001)}`),
      status: 400,
      says: 'Invalid request: overridingFormat must be at most 1000 characters',
    },
    {
      route: 'GET /contact',
      name: 'letters as phoneNumber',
      send: find('phoneNumber=call-me'),
      status: 200,
      says: 'Invalid phone number',
      why: invalid,
    },
    {
      route: 'GET /contact',
      name: 'SQL as phoneNumber',
      send: find(`phoneNumber=${encodeURIComponent("' OR 1=1 --")}`),
      status: 200,
      says: 'Invalid phone number',
      why: invalid,
    },
    {
      route: 'GET /contact',
      name: 'HTML as phoneNumber',
      send: find(`phoneNumber=${encodeURIComponent('<img src=x onerror=alert(1)>')}`),
      status: 200,
      says: 'Invalid phone number',
      why: invalid,
    },
    {
      route: 'GET /contact',
      name: 'a too-long E.164 number',
      send: find('phoneNumber=%2B1415555010012345678'),
      status: 200,
      says: 'Invalid phone number',
      why: invalid,
    },
    {
      route: 'GET /contact',
      name: 'Arabic-Indic digits',
      send: find(`phoneNumber=${encodeURIComponent('+١٤١٥٥٥٥٠١٠٠')}`),
      status: 200,
      says: 'Invalid phone number',
      why: invalid,
    },
    {
      route: 'GET /contact',
      name: 'a hostile overridingFormat',
      send: find(`phoneNumber=abc&overridingFormat=${encodeURIComponent('<script>,###) OR 1=1')}`),
      status: 200,
      says: 'Invalid phone number',
      why: invalid,
    },
    {
      route: 'POST /contact',
      name: 'an empty body',
      send: create({}),
      status: 400,
      says: 'Invalid request: phoneNumber is required; newContactName is required',
    },
    {
      route: 'POST /contact',
      name: 'a non-E.164 number',
      send: create({ phoneNumber: '4155550100', newContactName: 'Jane' }),
      status: 400,
      says: 'Invalid request: phoneNumber must be an E.164 number like +14155550100',
    },
    {
      route: 'POST /contact',
      name: 'phoneNumber as a number',
      send: create({ phoneNumber: 14155550100, newContactName: 'Jane' }),
      status: 400,
      says: 'Invalid request: phoneNumber must be a string',
    },
    {
      route: 'POST /contact',
      name: 'SQL in phoneNumber',
      send: create({ phoneNumber: "+1415'; DROP TABLE contacts; --", newContactName: 'Jane' }),
      status: 400,
      says: 'Invalid request: phoneNumber must be an E.164 number like +14155550100',
    },
    {
      route: 'POST /contact',
      name: 'a blank name',
      send: create({ phoneNumber: '+14155550199', newContactName: '   ' }),
      status: 400,
      says: 'Invalid request: newContactName is required',
    },
    {
      route: 'POST /contact',
      name: 'a 256-character name',
      send: create({ phoneNumber: '+14155550199', newContactName: 'n'.repeat(256) }),
      status: 400,
      says: 'Invalid request: newContactName must be at most 255 characters',
    },
    {
      route: 'POST /contact',
      name: 'a name as an object',
      send: create({ phoneNumber: '+14155550199', newContactName: { first: 'J' } }),
      status: 400,
      says: 'Invalid request: newContactName must be a string',
    },
    {
      route: 'POST /contact',
      name: 'an unknown contact type',
      send: create({
        phoneNumber: '+14155550199',
        newContactName: '<b>Jane</b>',
        newContactType: 'Robot',
      }),
      status: 400,
      says: /^Invalid request: newContactType/,
    },
    {
      route: 'POST /contact',
      name: 'additionalSubmission as an array',
      send: create({
        phoneNumber: '+14155550199',
        newContactName: 'Jane',
        additionalSubmission: [1],
      }),
      status: 400,
      says: 'Invalid request: additionalSubmission must be an object',
    },
    {
      route: 'POST /contact',
      name: 'a text/plain body',
      send: jsonPost('/contact', 'phoneNumber=+14155550199', 'text/plain'),
      status: 400,
      says: 'Invalid request: phoneNumber is required; newContactName is required',
    },
    {
      route: 'GET /custom/contact/search',
      name: 'no name',
      send: search('x=1'),
      status: 400,
      says: 'Invalid request: name is required',
    },
    {
      route: 'GET /custom/contact/search',
      name: 'a 256-character name',
      send: search(`name=${'n'.repeat(256)}`),
      status: 400,
      says: 'Invalid request: name must be at most 255 characters',
    },
    {
      route: 'GET /custom/contact/search',
      name: 'name twice',
      send: search('name=a&name=b'),
      status: 400,
      says: 'Invalid request: name must be a string',
    },
    {
      route: 'GET /custom/contact/search',
      name: 'a one-character name',
      send: search('name=%25'),
      status: 200,
      says: /at least 2 characters/,
      why: 'a too-short search term is 200 with a warning and contact:[] (§4.3)',
    },
  ];
}

describeBadInput('contacts', [...contactRows()], {
  minRows: 24,
  routes: ['GET /contact', 'POST /contact', 'GET /custom/contact/search'],
});
