import { Types } from 'mongoose';
import type { ActionItem } from '../domain/incident';
import type { TimelineStore } from '../usecases/ports/timeline';
import { insertOnce, type Models } from './connection';

interface ActionDocument {
  _id: string;
  incidentId: Types.ObjectId;
  key: string;
  text: string;
  ownerId?: string | null;
  createdBy: string;
  createdAt: Date;
  messageTs?: string | null;
  number?: number | null;
  state?: 'open' | 'done' | null;
  doneBy?: string | null;
  doneAt?: Date | null;
  remindedAt?: Date | null;
}

const oid = (id: string) => new Types.ObjectId(id);
const actionId = (incidentId: string, key: string) => `${incidentId}:${key}`;

const toAction = (d: ActionDocument): ActionItem => ({
  incidentId: d.incidentId.toHexString(),
  key: d.key,
  text: d.text,
  createdBy: d.createdBy,
  createdAt: d.createdAt,
  ...(d.ownerId ? { ownerId: d.ownerId } : {}),
  ...(d.number ? { number: d.number } : {}),
  ...(d.state === 'done' && d.doneBy && d.doneAt ? { done: { by: d.doneBy, at: d.doneAt } } : {}),
  ...(d.remindedAt ? { remindedAt: d.remindedAt } : {}),
});

type ActionMethods = Pick<TimelineStore, 'addAction' | 'listActions' | 'actionByNumber' | 'markActionDone' | 'openActionsOf' | 'overdueActions' | 'claimActionReminder'>;

/** Follow-up tasks from `/incident action`: one per command, numbered within the incident, open or done. */
export function createActions(actions: Models['actions']): ActionMethods {
  return {
    addAction: (item: ActionItem) =>
      insertOnce(() =>
        actions.create({
          ...item,
          _id: actionId(item.incidentId, item.key),
          incidentId: oid(item.incidentId),
          state: item.done ? 'done' : 'open',
          reminded: false,
        }),
      ),
    listActions: async (incidentId: string) => (await actions.find({ incidentId: oid(incidentId) }).sort({ createdAt: 1, key: 1 }).lean<ActionDocument[]>()).map(toAction),
    actionByNumber: async (incidentId: string, number: number) => {
      const d = await actions.findOne({ incidentId: oid(incidentId), number }).lean<ActionDocument>();
      return d && toAction(d);
    },
    async markActionDone(incidentId: string, number: number, by: string, at: Date): Promise<boolean> {
      const res = await actions.updateOne({ incidentId: oid(incidentId), number, state: 'open' }, { $set: { state: 'done', doneBy: by, doneAt: at } });
      return res.modifiedCount === 1;
    },
    openActionsOf: async (ownerId: string, limit: number) =>
      (await actions.find({ ownerId, state: 'open' }).sort({ createdAt: 1 }).limit(limit).lean<ActionDocument[]>()).map(toAction),
    overdueActions: async (before: Date, limit: number) =>
      (await actions.find({ state: 'open', reminded: false, createdAt: { $lte: before }, ownerId: { $exists: true } }).limit(limit).lean<ActionDocument[]>()).map(toAction),
    claimActionReminder: async (incidentId: string, key: string, at: Date) =>
      (await actions.updateOne({ _id: actionId(incidentId, key), state: 'open', reminded: false }, { $set: { reminded: true, remindedAt: at } })).modifiedCount === 1,
  };
}
