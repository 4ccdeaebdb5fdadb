import net from 'node:net';

/**
 * A loopback TCP proxy to a real server (Redis in the tests), to take one client off it: `cut()`
 * drops every open connection and refuses new ones, as an outage would; `freeze()` keeps every
 * connection open but silently swallows what flows either way, as a half-open network does.
 * `restore()` ends either.
 */
export interface TcpProxy {
  port: number;
  cut(): void;
  freeze(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<net.Socket>();
  let mode: 'open' | 'cut' | 'frozen' = 'open';
  const forward = (from: net.Socket, to: net.Socket) =>
    from.on('data', (chunk) => {
      if (mode === 'open') to.write(chunk);
    });
  const server = net.createServer((client) => {
    if (mode === 'cut') return client.destroy();
    const upstream = net.connect(target.port, target.host);
    open.add(client).add(upstream);
    const end = () => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut() {
      mode = 'cut';
      for (const socket of open) socket.destroy();
    },
    freeze() {
      mode = 'frozen';
    },
    restore() {
      mode = 'open';
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
