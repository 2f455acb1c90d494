// Watches the client → server half of the Postgres wire protocol just closely enough to
// see message boundaries. The embedded server needs this because PGlite ignores the
// client's Terminate ('X') and keeps the socket open, and because a CancelRequest arrives
// on a fresh connection that would otherwise wait in the queue behind the query it cancels.

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const TERMINATE = 0x58; // 'X'

/**
 * @typedef {object} FrameEvents
 * @property {Buffer} forward bytes of this chunk to pass on (everything before a Terminate)
 * @property {boolean} terminate the client sent Terminate: end the session
 * @property {boolean} cancel the connection opened with a CancelRequest
 */

/**
 * Creates a stateful watcher; feed it every chunk the client sends, in order.
 * @returns {(chunk: Buffer) => FrameEvents}
 */
export function createFrontendWatcher() {
  // Before the StartupMessage, messages have no type byte: int32 length, int32 code.
  let startup = true;
  /** @type {Buffer} */
  let header = Buffer.alloc(0);
  let skip = 0;

  return (chunk) => {
    let i = 0;
    let headerStart = 0;
    while (i < chunk.length) {
      if (skip > 0) {
        const n = Math.min(skip, chunk.length - i);
        skip -= n;
        i += n;
        continue;
      }
      if (header.length === 0) headerStart = i;
      const need = startup ? 8 : 5;
      const take = Math.min(need - header.length, chunk.length - i);
      header = Buffer.concat([header, chunk.subarray(i, i + take)]);
      i += take;
      if (header.length < need) break;

      if (startup) {
        const length = header.readInt32BE(0);
        const code = header.readInt32BE(4);
        header = Buffer.alloc(0);
        skip = Math.max(0, length - 8);
        if (code === CANCEL_REQUEST) return { forward: Buffer.alloc(0), terminate: false, cancel: true };
        // SSL/GSS negotiation is followed by the real StartupMessage.
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) startup = false;
      } else {
        const type = header[0];
        const length = header.readInt32BE(1);
        header = Buffer.alloc(0);
        skip = Math.max(0, length - 4);
        if (type === TERMINATE) {
          return { forward: chunk.subarray(0, headerStart), terminate: true, cancel: false };
        }
      }
    }
    return { forward: chunk, terminate: false, cancel: false };
  };
}
