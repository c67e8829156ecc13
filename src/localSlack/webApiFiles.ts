// The three-step external upload flow that WebClient.files.uploadV2 drives:
// files.getUploadURLExternal → POST bytes to upload_url (served by the stand-in's HTTP layer) →
// files.completeUploadExternal, which shares the files as one bot message.
import { PERMALINK_BASE } from './webApiChat';
import { FileRef, JsonRecord, StoredFile, StoredMessage, isRecord } from './standInModel';
import { Handler, channelForBot, fail, int, isFailure, ok, str } from './webApiCommon';
import { threadParent } from './webApiChat';

const getUploadURLExternal: Handler = ({ state, args, baseUrl }) => {
  const filename = str(args, 'filename');
  const length = int(args, 'length');
  if (filename === undefined || filename === '' || length === undefined || length < 0) {
    return fail('invalid_arguments', {
      response_metadata: { messages: ['[ERROR] filename and length are required'] },
    });
  }
  const file = state.newFile(filename, length);
  return ok({ upload_url: `${baseUrl}/upload/${file.id}`, file_id: file.id });
};

interface CompleteEntry {
  id: string;
  title?: string;
}

function parseEntries(raw: unknown): CompleteEntry[] | undefined {
  let value = raw;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const entries: CompleteEntry[] = [];
  for (const item of value) {
    if (!isRecord(item) || typeof item.id !== 'string') return undefined;
    entries.push(typeof item.title === 'string' ? { id: item.id, title: item.title } : { id: item.id });
  }
  return entries;
}

/** A completed file as Slack describes it, with its permalink (the bot is the uploader). */
function wireFile(file: StoredFile, uploader: string): JsonRecord {
  return { id: file.id, name: file.filename, title: file.title, size: file.content.length, permalink: `${PERMALINK_BASE}/files/${uploader}/${file.id}/${file.filename}` };
}

const completeUploadExternal: Handler = ({ state, args, hooks }) => {
  const entries = parseEntries(args.files);
  if (!entries) return fail('invalid_arguments');
  const files: StoredFile[] = [];
  for (const entry of entries) {
    const file = state.file(entry.id);
    // A file whose bytes never arrived cannot be completed; neither can one completed already.
    if (!file || !file.uploaded || file.completed) return fail('file_not_found');
    files.push(file);
  }
  const channelId = str(args, 'channel_id') ?? str(args, 'channels');
  let share: (() => void) | undefined;
  if (channelId !== undefined && channelId !== '') {
    const channel = channelForBot(state, channelId, { member: true, writable: true });
    if (isFailure(channel)) return channel;
    const thread = threadParent(state, channel.id, str(args, 'thread_ts'));
    if (thread !== undefined && 'ok' in thread) return thread;
    share = () => {
      const refs: FileRef[] = files.map((f) => ({ id: f.id, name: f.filename, title: f.title }));
      const msg: StoredMessage = {
        ts: state.nextTs(),
        user: state.botUserId,
        botId: state.botId,
        text: str(args, 'initial_comment') ?? '',
        files: refs,
        replies: [],
        reactions: [],
        extra: { upload: true, app_id: 'A0001' },
      };
      if (args.blocks !== undefined) msg.blocks = args.blocks;
      if (thread) state.addReply(thread.message, msg);
      else state.insert(channel.id, msg);
      for (const f of files) f.channels.push(channel.id);
      hooks.posted(channel, msg);
    };
  }
  entries.forEach((entry, i) => {
    const file = files[i]!;
    if (entry.title !== undefined) file.title = entry.title;
    file.completed = true;
  });
  share?.();
  return ok({ files: files.map((f) => wireFile(f, state.botUserId)) });
};

export const fileHandlers: Record<string, Handler> = {
  'files.getUploadURLExternal': getUploadURLExternal,
  'files.completeUploadExternal': completeUploadExternal,
  // Slack retired the one-step upload; the current client never calls it.
  'files.upload': () => fail('method_deprecated'),
};
