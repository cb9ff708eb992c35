import type { ConnectionState } from '../../core/types.js';

/**
 * Maps a twilsock connection state onto the store's. `disconnecting`/`disconnected` mean
 * "reconnecting" unless we shut the client down ourselves; `unknown` maps to nothing (null).
 * twilsock reports its internal `error` state (an init or update the service answered with an
 * error) as `connecting`, and retries: the SDKs never report `error`, so neither does this.
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
    default:
      return null;
  }
}
