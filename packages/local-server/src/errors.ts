import type { WireErrorCode } from '@chat/protocol';

/**
 * Error codes a reply can carry: `@chat/protocol`'s `WireErrorCode`.
 * @deprecated Use `WireErrorCode` from `@chat/protocol`.
 */
export type ErrorCode = WireErrorCode;

/**
 * A refusal that becomes an error reply `{ code, message }`. Handlers throw it before they change
 * anything (or inside a transaction, which then rolls back), so a refused request changes nothing.
 */
export class ProtocolError extends Error {
  readonly code: WireErrorCode;

  constructor(code: WireErrorCode, message: string) {
    super(message);
    this.name = 'ProtocolError';
    this.code = code;
  }
}
