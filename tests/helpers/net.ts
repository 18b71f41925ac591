import net from 'node:net';

/** Ports this test process has handed out: the system may offer a just-closed port again. */
const handedOut = new Set<number>();

/** A TCP port free on 127.0.0.1 right now (for an embedded PostgreSQL or a server under test), never one given before. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
      server.on('error', reject);
    });
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}
