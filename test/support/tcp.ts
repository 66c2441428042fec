import { once } from 'node:events';
import { connect } from 'node:net';

/** Opens a TCP connection to 127.0.0.1:port and closes it: 'connected', or the error code (ECONNREFUSED). */
export async function tryConnect(port: number): Promise<string> {
  const socket = connect(port, '127.0.0.1');
  try {
    await once(socket, 'connect');
    return 'connected';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? 'unknown';
  } finally {
    socket.destroy();
  }
}
