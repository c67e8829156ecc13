import type { Logger } from '@slack/bolt';
import type { Receive } from '../../inbox/receive';
import type { Bindable } from '../../logContext';
import type { Settings } from '../../usecases/deps';
import type { FormReads } from '../../usecases/formReads';
import type { SlackWrites } from '../webApi';

export interface ListenerDeps {
  receive: Receive;
  settings: Settings;
  /** For the one call that cannot wait for the outbox: opening a form (its trigger lives 3 s). */
  slack: Pick<SlackWrites, 'openModal'>;
  /** Lines about one request carry its ids: `withBindings(deps.logger, inboxBindings(id))`. */
  logger: Bindable<Logger>;
  /** What a form needs before it opens (a button's, the shortcut's): the incidents, and who may change one. */
  forms: FormReads;
}
