// views.open with Slack's modal limits; opened views are kept so a test can submit them.
import { isRecord, type OpenedView } from './standInModel';
import { fail, ok, str, type Handler } from './webApiCommon';

const plainTextLength = (value: unknown): number =>
  isRecord(value) && typeof value.text === 'string' ? Array.from(value.text).length : 0;

const viewsOpen: Handler = ({ state, args }) => {
  const triggerId = str(args, 'trigger_id');
  if (!triggerId) return fail('invalid_trigger_id');
  const view = args.view;
  if (!isRecord(view) || view.type !== 'modal') return fail('invalid_arguments');
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  if (plainTextLength(view.title) === 0 || plainTextLength(view.title) > 24) return fail('invalid_arguments', { response_metadata: { messages: ['title must be 1-24 characters'] } });
  if (blocks.length > 100) return fail('invalid_arguments', { response_metadata: { messages: ['too many blocks'] } });
  if (typeof view.private_metadata === 'string' && view.private_metadata.length > 3000) return fail('invalid_arguments');
  const opened: OpenedView = { id: `V${String(state.views.length + 1).padStart(7, '0')}`, triggerId, view };
  state.views.push(opened);
  return ok({ view: { ...view, id: opened.id } });
};

export const viewHandlers: Record<string, Handler> = { 'views.open': viewsOpen };
