import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';

const MARK = Buffer.from('"body":"b:');
const COLON = 0x3a;
const QUOTE = 0x22;

/**
 * A load-generating WebSocket client. The hot path never JSON-parses: a received message's send
 * time is read straight from the frame bytes (bodies are "b:SEQ:SENT_AT"), so the load generator
 * stays cheap and measures the server rather than itself.
 */
export class BenchClient {
  received = 0;
  /** Shared sample sink: { samples: Float64Array, count } or null when not measuring. */
  sink = null;
  /** Called for each reply while no request is pending (the send loop's acks). */
  onAck = null;
  #pending = new Map();
  #nextId = 1;

  constructor(ws) {
    this.ws = ws;
    ws.on('message', (data) => this.#onFrame(data));
    ws.on('error', () => {});
  }

  static async connect(url) {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/ws`, { perMessageDeflate: false });
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new BenchClient(ws);
  }

  #onFrame(data) {
    // Replies start with {"id", events with {"event".
    if (data[2] === 0x69) {
      if (this.#pending.size > 0) {
        const reply = JSON.parse(data.toString());
        const settle = this.#pending.get(reply.id);
        this.#pending.delete(reply.id);
        settle?.(reply);
      } else this.onAck?.();
      return;
    }
    const at = data.indexOf(MARK);
    if (at < 0) return;
    this.received++;
    const sink = this.sink;
    if (sink === null) return;
    const seqEnd = data.indexOf(COLON, at + MARK.length);
    const end = data.indexOf(QUOTE, seqEnd + 1);
    const sentAt = Number(data.toString('latin1', seqEnd + 1, end));
    if (sink.count < sink.samples.length) sink.samples[sink.count++] = performance.now() - sentAt;
  }

  /** A request awaited by its reply (setup only). */
  request(op, params = {}) {
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, (reply) =>
        reply.ok ? resolve(reply.result) : reject(new Error(reply.error.message)),
      );
      this.ws.send(JSON.stringify({ id, op, ...params }));
    });
  }

  /** Sends one benchmark message without waiting (the reply comes to `onAck`). */
  sendMessage(channel, clientId, seq) {
    const id = this.#nextId++;
    this.ws.send(
      `{"id":${id},"op":"sendMessage","channel":"${channel}","clientId":"${clientId}","body":"b:${seq}:${performance.now()}"}`,
    );
  }

  close() {
    this.ws.terminate();
  }
}
