// views.open / views.update / views.push with Slack's modal limits and trigger rules; opened views are
// kept so a test can click in them and submit them (see interactivity.ts).
import { randomBytes } from 'node:crypto';
import type { StandInState } from './standInState';
import { isRecord, type JsonRecord, type OpenedView } from './standInModel';
import { fail, ok, str, type ApiResult, type Handler } from './webApiCommon';

/** A trigger_id is good for one views.open (or push) within 3 s of the interaction that issued it. */
const TRIGGER_TTL_SEC = 3;

const plainTextLength = (value: unknown): number =>
  isRecord(value) && typeof value.text === 'string' ? Array.from(value.text).length : 0;

const newHash = () => `${Date.now()}.${randomBytes(6).toString('hex')}`;

/** The view argument, checked as Slack does; an ApiResult when it is refused. */
function checkedView(args: JsonRecord): JsonRecord | ApiResult {
  const view = args.view;
  if (!isRecord(view) || view.type !== 'modal') return fail('invalid_arguments');
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  if (plainTextLength(view.title) === 0 || plainTextLength(view.title) > 24) return fail('invalid_arguments', { response_metadata: { messages: ['title must be 1-24 characters'] } });
  if (blocks.length > 100) return fail('invalid_arguments', { response_metadata: { messages: ['too many blocks'] } });
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) return fail('invalid_arguments');
  return view;
}

/**
 * Triggers the stand-in issued are checked: expired after 3 s (by the stand-in clock), used once. A trigger
 * it did not issue (a test's own slash command) is taken as fresh.
 */
function takeTrigger(state: StandInState, triggerId: string): { userId?: string } | ApiResult {
  const issued = state.triggers.get(triggerId);
  if (!issued) return {};
  if (state.nowSec() - issued.issuedAt > TRIGGER_TTL_SEC) return fail('expired_trigger_id');
  if (issued.used) return fail('exchanged_trigger_id');
  issued.used = true;
  return { userId: issued.userId };
}

const isResult = (v: unknown): v is ApiResult => isRecord(v) && typeof v.ok === 'boolean';

const wireView = (opened: OpenedView) => ({ ...opened.view, id: opened.id, hash: opened.hash, state: { values: {} } });

function open(state: StandInState, args: JsonRecord): ApiResult {
  const triggerId = str(args, 'trigger_id');
  if (!triggerId) return fail('invalid_trigger_id');
  const view = checkedView(args);
  if (isResult(view)) return view;
  const trigger = takeTrigger(state, triggerId);
  if (isResult(trigger)) return trigger;
  const opened: OpenedView = {
    id: state.nextViewId(),
    triggerId,
    view,
    hash: newHash(),
    ...(trigger.userId !== undefined ? { userId: trigger.userId } : {}),
  };
  state.views.push(opened);
  return ok({ view: wireView(opened) });
}

const viewsOpen: Handler = ({ state, args }) => open(state, args);

/** A pushed view is kept like an opened one: the stand-in does not model the stack beyond that. */
const viewsPush: Handler = ({ state, args }) => open(state, args);

const viewsUpdate: Handler = ({ state, args }) => {
  const id = str(args, 'view_id');
  const opened = state.views.find((v) => v.id === id || (id === undefined && v.view.external_id === str(args, 'external_id')));
  if (!opened || opened.closed) return fail('not_found');
  const hash = str(args, 'hash');
  if (hash !== undefined && hash !== opened.hash) return fail('hash_conflict');
  const view = checkedView(args);
  if (isResult(view)) return view;
  opened.view = view;
  opened.hash = newHash();
  return ok({ view: wireView(opened) });
};

export const viewHandlers: Record<string, Handler> = { 'views.open': viewsOpen, 'views.push': viewsPush, 'views.update': viewsUpdate };
