import net from 'node:net';

/** The `net.Socket` constructor's options for an existing handle read with `onread`. */
type SocketWithHandleOptions = net.SocketConstructorOpts & { handle: unknown; onread: net.OnReadOpts };

/**
 * `readIntoSharedBuffer` turns a socket accepted by a server made with `pauseOnConnect: true` into one
 * whose reads land in `buffer` (Node's `onread` option of `net.Socket`), shared by every socket that is
 * given the same buffer: no `Buffer` is allocated per read and no stream machinery runs, which is most of
 * what a read costs besides the system call. Each read is emitted as a `data` event with a view of
 * `buffer` that is valid only until the listener returns; the reader copies what it keeps
 * (`transient: true`). `net.Server` does not take `onread`, so the accepted socket's handle moves to a
 * new `net.Socket` made with it; the accepted one is destroyed when the new one closes, which keeps the
 * server's connection count right. Returns the accepted socket, resumed and not transient, when it has no
 * handle to move.
 */
export function readIntoSharedBuffer(
  accepted: net.Socket,
  buffer: Uint8Array,
): { readonly socket: net.Socket; readonly transient: boolean } {
  const holder = accepted as unknown as { _handle?: unknown };
  const handle = holder._handle;
  if (handle === undefined || handle === null) {
    accepted.resume();
    return { socket: accepted, transient: false };
  }
  holder._handle = null;
  const socket: net.Socket = new net.Socket({
    handle,
    readable: true,
    writable: true,
    onread: {
      buffer,
      callback: (bytes: number, buf: Uint8Array): boolean => {
        socket.emit('data', buf.subarray(0, bytes));
        return true;
      },
    },
  } as SocketWithHandleOptions);
  socket.once('close', () => accepted.destroy());
  return { socket, transient: true };
}
