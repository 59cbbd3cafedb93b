import net from 'node:net';

/**
 * A loopback port nobody listens on right now, for tests that start a service as its own process
 * (the process binds it itself, so an in-process `listen(0)` cannot hand the port over).
 */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
