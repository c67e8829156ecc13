import type { PostmortemModel, TimelineItem } from '../domain/postmortem';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { TemplateError } from '../errors';
import { compileMarkdownTemplate, DEFAULT_TEMPLATE, type CompiledTemplate, type TemplateRenderer } from './handlebars';
import { describeFact } from './timelineWords';

export type PostmortemRenderer = TemplateRenderer<PostmortemModel> & {
  /** The draft's words for a recorded fact. */
  describe: typeof describeFact;
  /** When the template or one of its partials last changed on disk. */
  changedAt(): Date;
};

/**
 * Compiles the postmortem template and proves, at startup, that it fits the
 * model: it renders samples that between them take every branch (every field
 * filled, every field empty, lists of half-known items), so a custom template that names a missing field (or a missing
 * partial or helper) stops the bot from starting instead of failing a close.
 */
/** The renderer the configuration asks for: POSTMORTEM_TEMPLATE, else the bundled template. */
export function postmortemRendererFor(config: { timezone: string; postmortemTemplate: string | undefined }): PostmortemRenderer {
  return createPostmortemRenderer({
    timezone: config.timezone,
    ...(config.postmortemTemplate ? { templatePath: config.postmortemTemplate } : {}),
  });
}

export function createPostmortemRenderer(opts: { timezone: string; templatePath?: string }): PostmortemRenderer {
  const templatePath = opts.templatePath ?? DEFAULT_TEMPLATE;
  let loaded: Loaded;
  try {
    loaded = load(templatePath, opts.timezone);
  } catch (err) {
    throw new Error(`Postmortem template ${templatePath} cannot be used: ${reasonOf(err)}`, { cause: err });
  }
  return {
    templatePath,
    describe: describeFact,
    changedAt: () => new Date(Math.max(0, ...templateFiles(templatePath).map((f) => mtimeOf(f)))),
    render: (model) => {
      // Days and zone changes were worked out in the model's zone; printed in another, they would disagree.
      if (model.timezone !== opts.timezone) {
        throw new Error(`postmortem model built for ${model.timezone}, but the renderer prints times in ${opts.timezone}`);
      }
      // Edited since it was loaded (a template author at work): loaded and checked again, or the draft is refused.
      if (loaded.version !== templateVersion(templatePath)) {
        try {
          loaded = load(templatePath, opts.timezone);
        } catch (err) {
          throw new TemplateError(templatePath, reasonOf(err));
        }
      }
      return loaded.compiled.render(model);
    },
  };
}

interface Loaded {
  compiled: CompiledTemplate<PostmortemModel>;
  version: string;
}

const reasonOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The template and its partials: a change to any of them is a change to the draft. */
function templateFiles(templatePath: string): string[] {
  const partials = path.join(path.dirname(templatePath), 'partials');
  try {
    return [templatePath, ...readdirSync(partials).map((f) => path.join(partials, f))];
  } catch {
    return [templatePath];
  }
}

const mtimeOf = (file: string): number => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
};

/** When the template and its partials last changed: a new value means it has to be loaded again. */
const templateVersion = (templatePath: string): string => templateFiles(templatePath).map((f) => `${f}@${mtimeOf(f)}`).join('|');

function load(templatePath: string, timezone: string): Loaded {
  const version = templateVersion(templatePath);
  const compiled = compileMarkdownTemplate<PostmortemModel>(templatePath, timezone);
  for (const sample of [FULL_SAMPLE, EMPTY_SAMPLE, PARTIAL_SAMPLE]) compiled.check({ ...sample, timezone });
  return { compiled, version };
}

const at = (iso: string): Date => new Date(iso);

const item = (iso: string, kind: TimelineItem['kind'], tag: string | null, text: string): TimelineItem => ({
  at: at(iso),
  kind,
  tag,
  ruledOut: kind === 'dead_end',
  text,
  authorName: 'Sample Person',
  source: 'reaction',
  permalink: 'https://example.slack.com/archives/C0SAMPLE/p1',
  messageLink: null,
  note: null,
  files: [],
});

/** A message added with the shortcut, from another channel, with a note and files (one without a link). */
const added: TimelineItem = {
  ...item('2024-03-09T23:55:00Z', 'detection', 'detection', 'Sample alert'),
  source: 'shortcut',
  messageLink: 'https://example.slack.com/archives/C0ALERTS/p2',
  note: 'Sample note',
  files: [
    { name: 'graph.png', link: 'https://example.slack.com/files/U1/F1/graph.png' },
    { name: 'trace.txt', link: null },
  ],
};

const detection = item('2024-03-09T23:50:00Z', 'detection', 'detection', 'Sample detection');
const investigation = item('2024-03-10T00:05:00Z', 'investigation', 'investigation', 'Sample investigation');
const deadEnd = item('2024-03-10T00:20:00Z', 'dead_end', 'ruled out', 'Sample dead end');
const mitigation = item('2024-03-10T07:10:00Z', 'mitigation', 'mitigation', 'Sample mitigation');
const resolution = item('2024-03-10T07:40:00Z', 'resolution', 'resolution', 'Sample resolution');

/** Every field set and every list non-empty, so every "present" branch of a template runs. */
const FULL_SAMPLE: PostmortemModel = {
  title: 'Sample incident',
  incidentNumber: 1,
  timezone: 'UTC',
  status: 'closed',
  phase: 'resolved',
  severity: 'sev2',
  channel: { id: 'C0SAMPLE', name: 'inc-1-sample', url: 'https://example.slack.com/archives/C0SAMPLE' },
  declared: { at: at('2024-03-10T00:00:00Z'), by: 'Sample Person' },
  window: {
    start: detection.at,
    end: resolution.at,
    minutes: 470,
    startSource: 'timeline',
    endSource: 'closed',
    sameDay: false,
    sameZone: false,
  },
  impact: ['Sample impact', 'Another sample impact'],
  rootCause: ['Sample root cause', 'Another sample root cause'],
  roles: [{ role: 'lead', name: 'Sample Person' }],
  participants: ['Sample Person', 'Other Person'],
  timeline: {
    entries: [detection, added, investigation, deadEnd, mitigation, resolution],
    days: [
      { date: at('2024-03-09T00:00:00Z'), entries: [detection, added] },
      { date: at('2024-03-10T00:00:00Z'), entries: [investigation, deadEnd, mitigation, resolution] },
    ],
    showDates: true,
    showZones: true,
  },
  resolution: {
    steps: [mitigation, resolution],
    closing: { at: at('2024-03-10T08:00:00Z'), by: 'Sample Person', resolution: 'Sample resolution at close' },
  },
  deadEnds: [{ entry: deadEnd, since: investigation.at, minutes: 15 }],
  phases: [{ key: 'detect', label: 'detect', at: detection.at, minutes: 0, todo: null }],
  actions: [{ number: 1, text: 'Sample action', owner: 'Sample Person', createdAt: at('2024-03-10T08:00:00Z'), done: { by: 'Sample Person', at: at('2024-03-11T08:00:00Z') } }],
  generatedAt: at('2024-03-10T08:00:00Z'),
};

/** Nothing known, so every "missing" branch (the TODO prompts) runs. */
const EMPTY_SAMPLE: PostmortemModel = {
  ...FULL_SAMPLE,
  status: 'open',
  phase: 'investigating',
  severity: null,
  channel: { id: 'C0SAMPLE', name: 'inc-1-sample', url: null },
  window: { ...FULL_SAMPLE.window, startSource: 'declaration', endSource: 'now', sameDay: true, sameZone: true },
  impact: [],
  rootCause: [],
  roles: [],
  participants: [],
  timeline: { entries: [], days: [], showDates: false, showZones: false },
  resolution: { steps: [], closing: null },
  deadEnds: [],
  phases: [],
  actions: [],
};

/** Lists with their optional parts missing: the "unknown" branches inside each item run. */
const PARTIAL_SAMPLE: PostmortemModel = {
  ...FULL_SAMPLE,
  window: { ...FULL_SAMPLE.window, startSource: 'detection', endSource: 'resolution' },
  impact: ['Sample impact'],
  rootCause: ['Sample root cause'],
  roles: [{ role: 'scribe', name: null }],
  timeline: { ...FULL_SAMPLE.timeline, showDates: false, showZones: false },
  resolution: { steps: [mitigation], closing: { at: at('2024-03-10T08:00:00Z'), by: 'Sample Person', resolution: null } },
  deadEnds: [{ entry: deadEnd, since: null, minutes: null }],
  phases: [{ key: 'mitigate', label: 'mitigate', at: null, minutes: null, todo: 'Sample question?' }],
  actions: [{ number: null, text: 'Sample action', owner: null, createdAt: at('2024-03-10T08:00:00Z'), done: null }],
};
