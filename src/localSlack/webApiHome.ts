// views.publish: each person's App Home as the app last published it, with Slack's limits for a home view.
import { isRecord } from './standInModel';
import { fail, ok, str, type Handler } from './webApiCommon';

/** Per person, the App Home the app last published (what they see) and how many times it published one. */
export interface PublishedHome {
  view: Record<string, unknown>;
  publishes: number;
}

const publishedHomes = new WeakMap<object, Map<string, PublishedHome>>();

export const homesOf = (state: object): Map<string, PublishedHome> => {
  let homes = publishedHomes.get(state);
  if (!homes) publishedHomes.set(state, (homes = new Map()));
  return homes;
};

const viewsPublish: Handler = ({ state, args }) => {
  const userId = str(args, 'user_id');
  if (!userId) return fail('invalid_arguments');
  if (!state.user(userId)) return fail('user_not_found');
  const view = args.view;
  if (!isRecord(view) || view.type !== 'home') return fail('invalid_arguments');
  const blocks = Array.isArray(view.blocks) ? view.blocks : [];
  if (blocks.length > 100) return fail('invalid_arguments', { response_metadata: { messages: ['too many blocks'] } });
  const text = JSON.stringify(blocks);
  // Slack refuses section text over 3,000 characters and headers over 150.
  for (const b of blocks) {
    if (!isRecord(b)) return fail('invalid_blocks');
    const t = isRecord(b.text) && typeof b.text.text === 'string' ? b.text.text : '';
    if ((b.type === 'section' && t.length > 3000) || (b.type === 'header' && t.length > 150)) return fail('invalid_blocks');
  }
  const homes = homesOf(state);
  homes.set(userId, { view, publishes: (homes.get(userId)?.publishes ?? 0) + 1 });
  return ok({ view: { ...view, id: `VHOME${userId}`, hash: String(text.length) } });
};

export const homeHandlers: Record<string, Handler> = { 'views.publish': viewsPublish };
