import type { ConnectionState } from '../../core/types.js';

/**
 * Maps a twilsock connection state onto the store's. `disconnecting`/`disconnected` mean
 * "reconnecting" unless we shut the client down ourselves; `unknown` maps to nothing (null).
 */
export function mapConnectionState(state: string, shuttingDown: boolean): ConnectionState | null {
  switch (state) {
    case 'connecting':
      return 'connecting';
    case 'connected':
      return 'connected';
    case 'disconnecting':
    case 'disconnected':
      return shuttingDown ? 'disconnected' : 'reconnecting';
    case 'retrying':
      return 'reconnecting';
    case 'denied':
      return 'denied';
    case 'error':
      return 'error';
    default:
      return null;
  }
}
