import type { Database } from '../../src/db/connection';
import { createTranscript } from '../../src/db/transcript';
import type { TranscriptStore } from '../../src/usecases/ports/transcript';
import type { TranscriptMessage } from '../../src/domain/incident';
import { dropTestDatabase, openTestDatabase } from '../support/database';

// The transcript on the real test database: bots' and integrations' posts keep their author and files,
// each version replaces the last whole, and a deletion leaves nothing of what was said or by whom.

let db: Database;
let transcript: TranscriptStore;

beforeAll(async () => {
  db = await openTestDatabase('transcript');
  transcript = createTranscript(db.models.transcript);
});
afterAll(() => dropTestDatabase(db));

const alert: TranscriptMessage = {
  channelId: 'C1',
  ts: '1720620480.000100',
  userId: '',
  botId: 'BDATADOG1',
  authorName: 'Datadog',
  text: '[Triggered] p99 latency\nService: orders-api',
  files: [{ name: 'p99.png', link: 'https://x.slack.com/files/F1' }],
  rev: '1720620480.000100',
};
const raw = (ts: string) => db.models.transcript.collection.findOne({ _id: `C1:${ts}` as never });

describe('the transcript', () => {
  it('keeps an integration’s post with its name, bot id and files', async () => {
    await transcript.save([alert], new Date());
    expect(await transcript.find('C1', alert.ts)).toEqual(alert);
  });

  it('replaces a message with each newer version whole: its files gone when the version has none', async () => {
    await transcript.save([{ ...alert, text: '[Resolved] p99 latency', files: [], rev: '1720620500.000000' }], new Date());
    const { files: _files, ...rest } = alert;
    expect(await transcript.find('C1', alert.ts)).toEqual({ ...rest, text: '[Resolved] p99 latency', rev: '1720620500.000000' });
    expect(await raw(alert.ts)).not.toHaveProperty('files');
  });

  it('keeps nothing of a deleted message but its ids, rev and that it is gone; an older version cannot bring it back', async () => {
    const person: TranscriptMessage = { channelId: 'C1', ts: '1720620600.000100', threadTs: '1720620590.000000', userId: 'U1', text: 'the password is hunter2', rev: '1720620600.000100' };
    await transcript.save([person], new Date());
    await transcript.save([{ channelId: 'C1', ts: person.ts, userId: '', text: '', rev: '1720620700.000000', deleted: true }], new Date());
    await transcript.save([{ ...person, text: 'a late edit', rev: '1720620650.000000' }], new Date());
    const stored = await raw(person.ts);
    expect(Object.keys(stored ?? {}).sort()).toEqual(['_id', 'channelId', 'createdAt', 'deleted', 'rev', 'ts', 'updatedAt']);
    expect(stored).toMatchObject({ deleted: true, rev: '1720620700.000000' });
    expect(await transcript.find('C1', person.ts)).toEqual({ channelId: 'C1', ts: person.ts, userId: '', text: '', rev: '1720620700.000000', deleted: true });
  });

  it('stores a deletion of a message it never saw as the same bare record', async () => {
    await transcript.save([{ channelId: 'C1', ts: '1720620800.000100', userId: '', text: '', rev: '1720620801.000000', deleted: true }], new Date());
    expect(Object.keys((await raw('1720620800.000100')) ?? {}).sort()).toEqual(['_id', 'channelId', 'createdAt', 'deleted', 'rev', 'ts', 'updatedAt']);
  });
});
