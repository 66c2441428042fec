import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

/** A client connection driven byte by byte, to play a slow or idle client against a server. */
export interface RawConnection {
  readonly socket: Socket;
  /** Everything the server sent so far. */
  readonly received: () => string;
  /** Resolves when the connection is closed, with what the server sent and how long after opening. */
  readonly closed: Promise<{ received: string; afterMs: number; error: string | undefined }>;
  /** Writes `chunk` every `everyMs` until the connection closes (a client trickling bytes). */
  trickle(chunk: string, everyMs: number): void;
}

export function openRawConnection(port: number, firstBytes = ''): RawConnection {
  const openedAt = performance.now();
  const socket = connect(port, '127.0.0.1');
  let received = '';
  let error: string | undefined;
  let trickling: NodeJS.Timeout | undefined;
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => (received += chunk));
  socket.on('error', (failure: NodeJS.ErrnoException) => (error = failure.code ?? failure.message));
  if (firstBytes) socket.write(firstBytes);
  const closed = new Promise<{ received: string; afterMs: number; error: string | undefined }>(
    (resolve) =>
      socket.on('close', () => {
        clearInterval(trickling);
        resolve({ received, afterMs: performance.now() - openedAt, error });
      }),
  );
  return {
    socket,
    received: () => received,
    closed,
    trickle(chunk, everyMs) {
      trickling = setInterval(() => socket.write(chunk), everyMs);
    },
  };
}
