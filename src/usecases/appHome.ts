import type { Effect } from '../domain/effects';
import type { Incident } from '../domain/incident';
import { computeResponseFigures, responseRecord, type ResponseFigures } from '../domain/responseFigures';
import type { UseCaseDeps } from './deps';
import type { RecentDraft } from './ports/home';
import { visibleTo } from './visibility';

/** What one person's App Home shows, as data; src/slack/presenters/home.ts words it. */
export interface HomeModel {
  userId: string;
  now: Date;
  open: Array<Pick<Incident, 'id' | 'number' | 'title' | 'phase' | 'declaredAt' | 'channelId'> & Pick<Partial<Incident>, 'severity'> & { leadId?: string }>;
  /** Open follow-up actions this person owns, across incidents. */
  followUps: Array<{ incidentNumber: number; channelId: string; number?: number; text: string; createdAt: Date }>;
  postmortems: RecentDraft[];
  figures: ResponseFigures | null;
}

type HomeDeps = Pick<UseCaseDeps, 'incidents' | 'home' | 'people' | 'timeline'>;

/** The windows the figures cover, in days, and how far back they read. */
export const FIGURE_WINDOWS = [30, 90] as const;
const WEEKS = 13;
const READ_BACK_DAYS = Math.max(...FIGURE_WINDOWS, WEEKS * 7) + 1;
const SHOWN_POSTMORTEMS = 5;
const SHOWN_FOLLOW_UPS = 10;
/** App Home is kept fresh for people who opened it within this long. */
export const FRESH_FOR_MS = 60 * 60_000;
/** Homes refreshed per round at most (views.publish allows about 100 a minute). */
const REFRESHED_PER_ROUND = 50;

/** Someone opened their App Home: remembered (so it is kept fresh), and published. */
export async function openHome(deps: Pick<HomeDeps, 'home'>, userId: string, at: Date): Promise<Effect[]> {
  await deps.home.opened(userId, at);
  return [{ type: 'home', userId }];
}

/**
 * Everything one App Home shows, in a few indexed reads whatever the history (the figures are read as
 * stored); incidents and drafts only where this person may see them (private ones to their members).
 */
export async function readHome(deps: HomeDeps, userId: string, now: Date): Promise<HomeModel> {
  const [all, recent, figures, mine] = await Promise.all([
    deps.incidents.listOpen(),
    deps.home.recentDrafts(),
    deps.home.figures(),
    deps.timeline.openActionsOf(userId, SHOWN_FOLLOW_UPS),
  ]);
  const ofActions = (await Promise.all([...new Set(mine.map((a) => a.incidentId))].map((id) => deps.incidents.findById(id)))).flatMap((i) => (i ? [i] : []));
  const [open, drafts, seen] = await Promise.all([visibleTo(deps, userId, all), visibleTo(deps, userId, recent), visibleTo(deps, userId, ofActions)]);
  const incidentOf = new Map(seen.map((i) => [i.id, i]));
  const followUps = mine.flatMap((a) => {
    const i = incidentOf.get(a.incidentId);
    return i ? [{ incidentNumber: i.number, channelId: i.channelId, ...(a.number ? { number: a.number } : {}), text: a.text, createdAt: a.createdAt }] : [];
  });
  return {
    userId,
    now,
    open: open.map((i) => ({
      id: i.id,
      number: i.number,
      title: i.title,
      phase: i.phase,
      declaredAt: i.declaredAt,
      channelId: i.channelId,
      ...(i.severity ? { severity: i.severity } : {}),
      ...(i.roles.lead ? { leadId: i.roles.lead } : {}),
    })),
    followUps,
    postmortems: drafts.slice(0, SHOWN_POSTMORTEMS),
    figures,
  };
}

/** Computes the response figures from the incidents' recorded stages and stores them for every home to read. */
export async function refreshFigures(deps: Pick<HomeDeps, 'incidents' | 'home'>, now: Date): Promise<ResponseFigures> {
  const since = new Date(now.getTime() - READ_BACK_DAYS * 24 * 60 * 60_000);
  const figures = computeResponseFigures((await deps.incidents.declaredSince(since)).map(responseRecord), now, FIGURE_WINDOWS, WEEKS);
  await deps.home.saveFigures(figures);
  return figures;
}

/** The homes to publish again: of the people who opened theirs lately (coalesced per person by the outbox). */
export async function homesToRefresh(deps: Pick<HomeDeps, 'home'>, now: Date): Promise<Array<Extract<Effect, { type: 'home' }>>> {
  const viewers = await deps.home.viewersSince(new Date(now.getTime() - FRESH_FOR_MS), REFRESHED_PER_ROUND);
  return viewers.map((userId) => ({ type: 'home', userId }));
}
