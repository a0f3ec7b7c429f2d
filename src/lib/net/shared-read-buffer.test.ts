import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { readIntoSharedBuffer } from './shared-read-buffer.js';

describe('readIntoSharedBuffer', () => {
  it('reads accepted sockets into one shared buffer, ends and closes them, and lets the server close', async () => {
    const shared = Buffer.alloc(1024);
    const received: string[] = [];
    const buffers = new Set<ArrayBufferLike>();
    let transient = false;
    const ended = new Promise<void>((resolve) => {
      const server = net.createServer({ pauseOnConnect: true }, (accepted) => {
        const read = readIntoSharedBuffer(accepted, shared);
        const socket = read.socket;
        transient = read.transient;
        socket.on('data', (chunk: Uint8Array) => {
          buffers.add(chunk.buffer);
          // Only valid during the event: decode now.
          received.push(Buffer.from(chunk).toString());
          socket.write(`ack ${chunk.byteLength}\n`);
        });
        socket.on('end', () => socket.end());
        socket.on('close', () => server.close(() => resolve()));
      });
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        const client = net.connect(port, '127.0.0.1', () => {
          client.write('hello');
          setTimeout(() => client.end(' world'), 50);
        });
        client.resume();
      });
    });
    await ended;
    expect(transient).toBe(true);
    expect(received.join('')).toBe('hello world');
    expect([...buffers]).toEqual([shared.buffer]);
  });

  it('leaves a socket without a handle to move as it was, resumed and not transient', () => {
    const plain = new net.Socket();
    const read = readIntoSharedBuffer(plain, Buffer.alloc(16));
    expect(read.socket).toBe(plain);
    expect(read.transient).toBe(false);
    plain.destroy();
  });
});
