// The stand-in's non-API endpoints: the upload URL of files.getUploadURLExternal and response_url.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseMultipart } from './httpBody';
import { StandInState } from './standInState';
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

/** response_url endpoints: Slack honours each up to 5 times within 30 minutes. */
export class ResponseUrls {
  private readonly issued = new Map<string, { issuedAt: number; uses: number }>();
  private counter = 0;

  constructor(
    private readonly state: StandInState,
    private readonly responses: RecordedResponse[],
  ) {}

  issue(baseUrl: string): string {
    const id = String(++this.counter);
    this.issued.set(id, { issuedAt: this.state.nowSec(), uses: 0 });
    return `${baseUrl}/respond/${id}`;
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
    send(res, status, 'text/plain', answer);
  }
}
