// The stand-in's non-API endpoints: the upload URL of files.getUploadURLExternal and response_url.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseMultipart } from './httpBody';
import { StandInState } from './standInState';
import type { ChangeFeed } from './changes';
import { isRecord } from './standInModel';
import type { RecordedResponse } from './standInTypes';

const RESPONSE_URL_USES = 5;
const RESPONSE_URL_TTL_SEC = 30 * 60;

export function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType });
  res.end(body);
}

export function handleUpload(state: StandInState, fileId: string, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
  const file = state.file(fileId);
  if (!file || file.completed) return send(res, 404, 'text/plain', 'file_not_found');
  const contentType = req.headers['content-type'] ?? '';
  // WebClient sends multipart with one Blob field named "body"; curl-style raw bytes work too.
  if (/^multipart\/form-data/i.test(contentType)) {
    const parts = parseMultipart(body, contentType);
    const part = parts.find((p) => p.filename !== undefined) ?? parts[0];
    file.content = Buffer.from(part?.data ?? Buffer.alloc(0));
  } else {
    file.content = Buffer.from(body);
  }
  file.uploaded = true;
  send(res, 200, 'text/plain', `OK - ${file.content.length}`);
}

/** Where a response_url was issued: who acted, in which conversation, and the ephemeral message acted on. */
export interface ResponseTarget {
  userId: string;
  channelId: string;
  /** A button in an ephemeral message: `replace_original` and `delete_original` act on that message. */
  ephemeralTs?: string;
}

/**
 * response_url endpoints: Slack honours each up to 5 times within 30 minutes. An answer to one issued
 * for a person in a conversation is shown to that person there, as an ephemeral message (the only kind
 * of answer the bot sends; `in_channel` is not modelled).
 */
export class ResponseUrls {
  private readonly issued = new Map<string, { issuedAt: number; uses: number; to?: ResponseTarget }>();
  private counter = 0;

  constructor(
    private readonly state: StandInState,
    private readonly responses: RecordedResponse[],
    private readonly changes: ChangeFeed,
  ) {}

  issue(baseUrl: string, to?: ResponseTarget): string {
    const id = String(++this.counter);
    this.issued.set(id, { issuedAt: this.state.nowSec(), uses: 0, ...(to ? { to } : {}) });
    return `${baseUrl}/respond/${id}`;
  }

  clear(): void {
    this.issued.clear();
  }

  handle(id: string, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const text = body.toString('utf8');
    let parsed: unknown = text;
    if (/json/i.test(req.headers['content-type'] ?? '')) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    const entry = this.issued.get(id);
    let status = 200;
    let answer = 'ok';
    if (!entry) [status, answer] = [404, 'invalid_url'];
    else if (this.state.nowSec() - entry.issuedAt > RESPONSE_URL_TTL_SEC) [status, answer] = [404, 'expired_url'];
    else if (entry.uses >= RESPONSE_URL_USES) [status, answer] = [404, 'used_url'];
    else entry.uses += 1;
    this.responses.push({ id, body: parsed, at: this.state.nowSec(), status });
    if (status === 200 && entry?.to) this.show(entry.to, parsed);
    send(res, status, 'text/plain', answer);
  }

  /** The answer as the person sees it: a new ephemeral message, or the one they acted on replaced or gone. */
  private show(to: ResponseTarget, body: unknown): void {
    const message = isRecord(body) ? body : { text: String(body) };
    const list = this.state.ephemerals;
    const original = to.ephemeralTs === undefined ? -1 : list.findIndex((e) => e.messageTs === to.ephemeralTs && e.user === to.userId);
    if (message.delete_original === true && original >= 0) list.splice(original, 1);
    else {
      const shown = {
        channel: to.channelId,
        user: to.userId,
        ...(typeof message.text === 'string' ? { text: message.text } : {}),
        ...(message.blocks !== undefined ? { blocks: message.blocks } : {}),
      };
      if (message.replace_original === true && original >= 0) list[original] = { ...shown, messageTs: to.ephemeralTs ?? this.state.nextTs() };
      else list.push({ ...shown, messageTs: this.state.nextTs() });
    }
    this.changes.emit({ what: 'respond', channelId: to.channelId, userId: to.userId });
  }
}
