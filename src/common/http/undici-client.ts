import { createRequire } from 'node:module';
import type { Dispatcher } from 'undici';

// undici's index also loads fetch, WebSocket, EventSource, caches and mocks, and its cookie helpers
// wake Node's own bundled undici: about 3.5 MB of heap and 100 ms of start-up this server never uses.
// Only the connection pool and request() are loaded (docs/performance.md, Memory).
const require = createRequire(import.meta.url);
const AgentClass = require('undici/lib/dispatcher/agent.js') as typeof import('undici').Agent;
const dispatchRequest = require('undici/lib/api/api-request.js') as (
  this: Dispatcher,
  options: Dispatcher.RequestOptions,
) => Promise<Dispatcher.ResponseData>;
const { getGlobalDispatcher } = require('undici/lib/global.js') as {
  getGlobalDispatcher: () => Dispatcher;
};

/** undici's keep-alive connection pool, one per origin. */
export const Agent = AgentClass;
export type Agent = InstanceType<typeof AgentClass>;

export type RequestOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path' | 'method'> & {
  method?: Dispatcher.HttpMethod;
  dispatcher?: Dispatcher;
};

/** undici's request(url, options): one request, redirects never followed. */
export function request(
  url: string | URL,
  options: RequestOptions = {},
): Promise<Dispatcher.ResponseData> {
  const target = typeof url === 'string' ? new URL(url) : url;
  const { dispatcher = getGlobalDispatcher(), ...rest } = options;
  return dispatchRequest.call(dispatcher, {
    ...rest,
    origin: target.origin,
    path: `${target.pathname}${target.search}`,
    method: rest.method ?? (rest.body ? 'PUT' : 'GET'),
  });
}
