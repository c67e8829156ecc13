// Slack's Socket Mode, offline: the app asks `apps.connections.open` (with its xapp- token) for a
// WebSocket URL, the stand-in says `hello`, then sends envelopes and waits for the app's ack,
// which for slash commands carries the immediate response.
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { isRecord, type JsonRecord } from './standInModel';

export type EnvelopeType = 'events_api' | 'slash_commands' | 'interactive';

export class SocketModeEndpoint {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly pending = new Map<string, (payload: unknown) => void>();
  private socket: WebSocket | undefined;
  private connectedWaiters: Array<() => void> = [];
  connections = 0;

  constructor(
    server: Server,
    private readonly path = '/socket',
  ) {
    server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith(this.path)) return socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
  }

  url(baseUrl: string): string {
    return `${baseUrl.replace(/^http/, 'ws')}${this.path}?ticket=${randomUUID()}`;
  }

  /** Resolves once an app has connected and been greeted. */
  connected(): Promise<void> {
    if (this.socket) return Promise.resolve();
    return new Promise((resolve) => this.connectedWaiters.push(resolve));
  }

  /** Sends one envelope and resolves with the ack's payload (undefined when the ack had none). */
  send(type: EnvelopeType, payload: JsonRecord, timeoutMs = 5000): Promise<unknown> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('socket mode: no app connected'));
    const envelopeId = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        reject(new Error(`socket mode: no ack for ${type} envelope within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(envelopeId, (ackPayload) => {
        clearTimeout(timer);
        resolve(ackPayload);
      });
      socket.send(
        JSON.stringify({ envelope_id: envelopeId, type, payload, accepts_response_payload: type !== 'events_api', retry_attempt: 0, retry_reason: '' }),
      );
    });
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket): void {
    this.socket = ws;
    this.connections += 1;
    ws.on('message', (data) => {
      const message: unknown = JSON.parse(String(data));
      if (!isRecord(message) || typeof message.envelope_id !== 'string') return;
      this.pending.get(message.envelope_id)?.(message.payload);
      this.pending.delete(message.envelope_id);
    });
    ws.on('close', () => {
      if (this.socket === ws) this.socket = undefined;
    });
    ws.send(JSON.stringify({ type: 'hello', num_connections: 1, connection_info: { app_id: 'A0001' } }));
    for (const waiter of this.connectedWaiters.splice(0)) waiter();
  }
}
