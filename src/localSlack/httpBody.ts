// Request-body decoding for the stand-in: urlencoded (WebClient's default), JSON, and
// multipart/form-data (what WebClient sends whenever an argument is a Buffer, e.g. upload bytes).
import type { IncomingMessage } from 'node:http';
import { JsonRecord, isRecord } from './standInModel';

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

function headerParam(header: string, param: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${param}=(?:"([^"]*)"|([^;]*))`, 'i').exec(header);
  if (!match) return undefined;
  return (match[1] ?? match[2] ?? '').trim();
}

export function parseMultipart(body: Buffer, contentType: string): MultipartPart[] {
  const boundary = headerParam(contentType, 'boundary');
  if (!boundary) return [];
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delimiter);
  while (pos >= 0) {
    let start = pos + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    if (body.subarray(start, start + 2).toString() === '\r\n') start += 2;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    // The CRLF before the next delimiter belongs to the delimiter, not to the content.
    const end = body.subarray(next - 2, next).toString() === '\r\n' ? next - 2 : next;
    const headerEnd = body.indexOf('\r\n\r\n', start);
    if (headerEnd >= 0 && headerEnd < end) {
      const headers = body.subarray(start, headerEnd).toString('utf8').split('\r\n');
      const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? '';
      const type = headers.find((h) => /^content-type:/i.test(h));
      const filename = headerParam(disposition, 'filename');
      parts.push({
        name: headerParam(disposition, 'name') ?? '',
        ...(filename !== undefined ? { filename } : {}),
        ...(type !== undefined ? { contentType: type.slice(type.indexOf(':') + 1).trim() } : {}),
        data: body.subarray(headerEnd + 4, end),
      });
    }
    pos = next;
  }
  return parts;
}

// Slack decodes these form fields from JSON; so do we, so tests can assert on structure.
const JSON_FIELDS = new Set(['blocks', 'attachments', 'files', 'metadata', 'view', 'user_auth_blocks']);

function maybeJson(key: string, value: string): unknown {
  if (!JSON_FIELDS.has(key)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** Decodes a Web API request into an argument record; binary multipart parts stay Buffers. */
export function parseArgs(body: Buffer, contentType: string | undefined, query: URLSearchParams): JsonRecord {
  const args: JsonRecord = {};
  for (const [k, v] of query) args[k] = maybeJson(k, v);
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      parsed = undefined;
    }
    if (isRecord(parsed)) {
      for (const [k, v] of Object.entries(parsed)) {
        args[k] = typeof v === 'string' ? maybeJson(k, v) : v;
      }
    }
  } else if (type === 'multipart/form-data') {
    for (const part of parseMultipart(body, contentType ?? '')) {
      args[part.name] = part.filename !== undefined ? part.data : maybeJson(part.name, part.data.toString('utf8'));
    }
  } else if (body.length > 0) {
    for (const [k, v] of new URLSearchParams(body.toString('utf8'))) args[k] = maybeJson(k, v);
  }
  return args;
}
