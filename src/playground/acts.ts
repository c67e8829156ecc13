// What a visitor does on the page, done in the local Slack as that person: the same signed requests Slack
// would send the bot. People write `@ben` and `#alerts` as they type them in Slack; the client turns a
// picked name into Slack's markup, and so does this.
import type { LocalSlack } from '../localSlack/localSlack';
import type { HttpResult } from '../localSlack/signing';
import type { Act, ActResult } from './protocol';

/** `@name` and `#channel` for people and channels that exist, as Slack's markup; anything else as typed. */
export function withMarkup(slack: LocalSlack, text: string): string {
  return text
    .replace(/(^|[\s(])@([a-z0-9._-]+)/gi, (all, lead: string, name: string) => {
      const user = slack.state.allUsers().find((u) => u.name === name.toLowerCase());
      return user ? `${lead}<@${user.id}|${user.name}>` : all;
    })
    .replace(/(^|[\s(])#([a-z0-9_-]+)/gi, (all, lead: string, name: string) => {
      const channel = slack.channelByName(name.toLowerCase());
      return channel ? `${lead}<#${channel.id}|${channel.name}>` : all;
    });
}

/** The app's answer to a modal submission: the errors it shows under inputs, if it refused it. */
function submissionErrors(http: HttpResult): Record<string, string> | undefined {
  if (http.status !== 200 || http.body.trim() === '') return undefined;
  try {
    const body = JSON.parse(http.body) as { response_action?: string; errors?: Record<string, string> };
    return body.response_action === 'errors' ? body.errors : undefined;
  } catch {
    return undefined;
  }
}

function mustMember(slack: LocalSlack, channelId: string, userId: string): void {
  const channel = slack.channel(channelId);
  if (!channel) throw new Error('That conversation does not exist.');
  if (!channel.members.includes(userId)) throw new Error(`Join #${channel.name} first.`);
}

export async function act(slack: LocalSlack, as: string, a: Act): Promise<ActResult> {
  if (!slack.user(as)) return { ok: false, error: `There is no person ${as}.` };
  try {
    switch (a.kind) {
      case 'post':
        mustMember(slack, a.channelId, as);
        await slack.userPosts(as, a.channelId, withMarkup(slack, a.text), a.threadTs ? { threadTs: a.threadTs } : {});
        break;
      case 'command': {
        const [command = '', ...rest] = a.text.trim().split(/\s+/);
        await slack.userRunsCommand(as, a.channelId, withMarkup(slack, rest.join(' ')), { command });
        break;
      }
      case 'edit':
        await slack.userEdits(as, a.channelId, a.ts, withMarkup(slack, a.text));
        break;
      case 'delete':
        await slack.userDeletes(a.channelId, a.ts);
        break;
      case 'react':
        await slack.userReacts(as, a.channelId, a.ts, a.name);
        break;
      case 'unreact':
        await slack.userUnreacts(as, a.channelId, a.ts, a.name);
        break;
      case 'join':
        await slack.userJoins(as, a.channelId);
        break;
      case 'click':
        await slack.userClicks(as, a.target, a.actionId, a.value);
        break;
      case 'shortcut':
        await slack.userRunsShortcut(as, a.channelId, a.ts, a.callbackId);
        break;
      case 'submit': {
        const errors = submissionErrors((await slack.userSubmitsView(as, a.viewId, a.values)).http);
        return errors ? { ok: true, errors } : { ok: true };
      }
      case 'closeView':
        await slack.userClosesView(as, a.viewId);
        break;
      case 'dismiss':
        slack.dismissEphemeral(as, a.channelId, a.ts);
        break;
      case 'openHome':
        await slack.userOpensHome(as);
        break;
    }
    return { ok: true };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message.replace(/^stand-in: /, '') : String(err) };
  }
}
