// The playground's workspace: a few people to act as (on call, a responder, support, a guest from a vendor), the
// channels an incident touches (#general, #alerts with a monitoring integration, #incidents for announcements),
// and a little history so the message shortcut has an alert to take onto a timeline.
import type { LocalSlack } from '../localSlack/localSlack';
import type { Person } from './protocol';

export interface SampleWorkspace {
  people: Person[];
  announcementsChannelId: string;
  /** Channel names to ids: the drills refer to channels by name. */
  channels: Record<string, string>;
}

const PEOPLE: Array<Omit<Person, 'id'>> = [
  { name: 'ada', realName: 'Ada Okafor', tz: 'Europe/London', title: 'On call for payments' },
  { name: 'ben', realName: 'Ben Carter', tz: 'America/New_York', title: 'Site reliability engineer' },
  { name: 'chen', realName: 'Chen Wei', tz: 'Asia/Singapore', title: 'Customer support lead' },
  { name: 'dana', realName: 'Dana Ruiz', tz: 'America/Los_Angeles', title: 'Engineering manager' },
  { name: 'vik', realName: 'Vik Rao', tz: 'Europe/Berlin', title: 'Vendor engineer (guest)', guest: 'single' },
];

/** Fills an empty local Slack with the sample people, channels and history. */
export async function seedWorkspace(slack: LocalSlack): Promise<SampleWorkspace> {
  const people = PEOPLE.map((p) => ({ ...p, id: slack.addUser({ name: p.name, realName: p.realName, tz: p.tz, ...(p.guest ? { guest: p.guest } : {}) }).id }));
  const staff = people.filter((p) => !p.guest).map((p) => p.id);
  // Made by Dana, as a workspace's channels are made by people: the page tells them from incident channels.
  const made = (name: string, members: string[], botIsMember = true) => slack.state.addChannel({ name, members, botIsMember }, people[3]!.id);
  const general = made('general', staff);
  const alerts = made('alerts', staff);
  const incidents = made('incidents', staff);
  made('vendor-payments', people.map((p) => p.id), false);
  general.topic = { value: 'Company-wide chatter', creator: people[3]!.id, lastSet: Math.floor(slack.nowSec()) };
  // A monitoring integration's alert: a classic webhook post, text in its attachment, as Slack stores such posts.
  await slack.integrationPosts(
    alerts.id,
    {
      username: 'Grafana',
      attachments: [
        {
          color: '#e01e5a',
          fallback: '[FIRING:1] payments-api 5xx rate above 5%',
          title: '[FIRING:1] payments-api 5xx rate above 5%',
          title_link: 'https://grafana.example.com/d/payments',
          text: 'The 5xx rate of payments-api has been above 5% for 5 minutes.',
          fields: [
            { title: 'service', value: 'payments-api', short: true },
            { title: 'severity', value: 'critical', short: true },
          ],
        },
      ],
    },
    { deliver: false },
  );
  await slack.userPosts(people[1]!.id, general.id, 'Morning all. Deploy train leaves at 10:00 as usual.', { deliver: false });
  return {
    people,
    announcementsChannelId: incidents.id,
    channels: { general: general.id, alerts: alerts.id, incidents: incidents.id },
  };
}
