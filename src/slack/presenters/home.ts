import type { types } from '@slack/bolt';
import { durationInWords } from '../../domain/duration';
import { RESPONSE_STAGES, type ResponseFigures, type StageFigure } from '../../domain/responseFigures';
import type { HomeModel } from '../../usecases/appHome';
import { slackAgo, slackDate } from '../dateTokens';
import { ACTION_DONE, doneValue } from './actions';
import { escapeMrkdwn, truncate } from '../escape';

type Block = types.KnownBlock;

/** Slack shows at most 100 blocks in a view: the lists are cut well before that. */
const SHOWN_OPEN = 15;
const TEXT_MAX = 3000;

const STAGE_WORDS = { acknowledge: 'Acknowledge', identify: 'Identify', mitigate: 'Mitigate', resolve: 'Resolve' } as const;
const PHASE_WORDS = { investigating: 'Investigating', identified: 'Identified', monitoring: 'Monitoring', resolved: 'Resolved' } as const;

const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: truncate(text, TEXT_MAX) } });
const context = (text: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(text, TEXT_MAX) }] });
const header = (text: string): Block => ({ type: 'header', text: { type: 'plain_text', text, emoji: true } });

const minutes = (m: number | undefined) => (m === undefined ? '–' : durationInWords(Math.round(m)));
const stageLine = (f: StageFigure) => (f.reached === 0 ? '_not reached_' : `median ${minutes(f.medianMinutes)} · p90 ${minutes(f.p90Minutes)} (${f.reached})`);

/** Eight levels of a bar, for incidents per week at a glance. */
const BARS = '▁▂▃▄▅▆▇█';
function sparkline(values: number[]): string {
  const max = Math.max(1, ...values);
  return values.map((v) => (v === 0 ? '·' : BARS[Math.min(BARS.length - 1, Math.floor((v / max) * (BARS.length - 1)))])).join('');
}

function figureBlocks(figures: ResponseFigures | null, timezone: string): Block[] {
  if (!figures) return [section('_The response figures are being computed; they show here within a few minutes._')];
  const blocks: Block[] = [];
  for (const w of figures.windows) {
    blocks.push(section(`*Last ${w.days} days* · ${w.incidents} incident${w.incidents === 1 ? '' : 's'}`));
    for (const s of w.bySeverity) {
      const label = s.severity === 'none' ? 'No severity' : s.severity.toUpperCase();
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: `*${label}* · ${s.incidents} incident${s.incidents === 1 ? '' : 's'}` },
        fields: RESPONSE_STAGES.map((stage) => ({ type: 'mrkdwn' as const, text: `*${STAGE_WORDS[stage]}*\n${stageLine(s.stages[stage])}` })),
      });
    }
  }
  const weeks = figures.perWeek.map((w) => w.incidents);
  blocks.push(section(`*Incidents per week* (last ${weeks.length}, oldest first)\n\`${sparkline(weeks)}\`  ${weeks.join(' ')}`));
  blocks.push(context(`Times from declared to the first lead or status change (acknowledge), and to identified, monitoring (mitigate) and resolved or closed. Computed ${slackDate(figures.computedAt, timezone)}.`));
  return blocks;
}

/** One person's App Home: open incidents, recent postmortems, response figures. */
export function buildHomeView(model: HomeModel, settings: { timezone: string }): types.HomeView {
  const { timezone } = settings;
  const open = model.open.slice(0, SHOWN_OPEN).map((i) => {
    const facts = [i.severity ? i.severity.toUpperCase() : 'no severity', PHASE_WORDS[i.phase], `declared ${slackDate(i.declaredAt, timezone)} (${slackAgo(i.declaredAt, model.now)})`, i.leadId ? `lead <@${i.leadId}>` : 'no lead yet'];
    return section(`*#${i.number} ${escapeMrkdwn(i.title)}* in <#${i.channelId}>\n${facts.join(' · ')}`);
  });
  const more = model.open.length > SHOWN_OPEN ? [context(`…and ${model.open.length - SHOWN_OPEN} more: \`/incident list\` shows them all.`)] : [];
  const followUps = model.followUps.map(
    (a): Block => ({
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`*${a.number ? `#${a.number} ` : ''}${escapeMrkdwn(a.text)}*\nincident #${a.incidentNumber} in <#${a.channelId}> · added ${slackDate(a.createdAt, timezone)}`, TEXT_MAX) },
      ...(a.number ? { accessory: { type: 'button', action_id: ACTION_DONE, text: { type: 'plain_text', text: 'Done' }, value: doneValue(a.channelId, a.number) } } : {}),
    }),
  );
  const drafts = model.postmortems.map((p) => {
    const version = p.permalink ? `<${p.permalink}|draft v${p.version}>` : `draft v${p.version}`;
    return `• *#${p.incidentNumber} ${escapeMrkdwn(p.title)}*: ${version}, ${slackDate(p.generatedAt, timezone)}, in <#${p.channelId}>`;
  });
  const blocks: Block[] = [
    header('Open incidents'),
    ...(open.length > 0 ? open : [section('_No open incidents._')]),
    ...more,
    { type: 'divider' },
    header('My follow-ups'),
    ...(followUps.length > 0 ? followUps : [section('_No open follow-up actions of yours._')]),
    { type: 'divider' },
    header('Recent postmortems'),
    section(drafts.length > 0 ? drafts.join('\n') : '_No postmortem drafts yet._'),
    { type: 'divider' },
    header('Response times'),
    ...figureBlocks(model.figures, timezone),
    context(`Updated ${slackDate(model.now, timezone)}.`),
  ];
  return { type: 'home', blocks };
}
