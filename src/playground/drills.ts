// Drills: scripted incidents the playground plays as its sample people, so a visitor sees a whole incident
// and its draft within a minute, and a team can rehearse. A drill is a YAML file (templates/drills/*.yml;
// the format is in the README and at the top of the bundled drill), checked when it is loaded.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import type { DrillSummary } from './protocol';

/** The bundled drills; a team adds its own files beside them. */
export const DRILLS_DIR = path.resolve(__dirname, '..', '..', 'templates', 'drills');

const clock = z
  .string()
  .regex(/^\d{1,3}:[0-5]\d$/, 'must be minutes:seconds, such as "2:30"')
  .transform((s) => {
    const [m = '0', sec = '0'] = s.split(':');
    return (Number(m) * 60 + Number(sec)) * 1000;
  });

const step = z
  .object({
    at: clock,
    by: z.string().min(1).optional(),
    in: z.string().min(1).default('incident'),
    name: z.string().min(1).optional(),
    say: z.string().min(1).optional(),
    reply_to: z.string().min(1).optional(),
    alert: z.object({ from: z.string().min(1), title: z.string().min(1), text: z.string().default(''), color: z.string().optional(), link: z.url().optional() }).strict().optional(),
    react: z.string().regex(/^[a-z0-9_+-]+$/, 'must be an emoji name such as pushpin').optional(),
    on: z.string().min(1).optional(),
    command: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((s, ctx) => {
    const kinds = (['say', 'alert', 'react', 'command'] as const).filter((k) => s[k] !== undefined);
    if (kinds.length !== 1) ctx.addIssue({ code: 'custom', message: `needs exactly one of say, alert, react, command (has ${kinds.join(', ') || 'none'})` });
    if (s.react !== undefined && s.on === undefined) ctx.addIssue({ code: 'custom', message: 'react needs `on`: the name of the message to react to' });
    if (s.alert === undefined && s.by === undefined) ctx.addIssue({ code: 'custom', message: 'needs `by`: who does it' });
  });

const drillFile = z.object({ title: z.string().min(1), description: z.string().default(''), steps: z.array(step).min(1) }).strict();

export type DrillStep = z.infer<typeof step>;
export interface Drill {
  id: string;
  title: string;
  description: string;
  steps: DrillStep[];
}

export class DrillError extends Error {}

/** One drill file, checked: its steps in time order, every `on` and `reply_to` naming an earlier step's message. */
export function parseDrill(id: string, text: string): Drill {
  const parsed = drillFile.safeParse(parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new DrillError(`drill ${id}: ${issue?.path.join('.') || 'file'} ${issue?.message ?? 'is invalid'}`);
  }
  const named = new Set<string>();
  parsed.data.steps.forEach((s, i) => {
    const earlier = parsed.data.steps[i - 1];
    if (earlier && s.at < earlier.at) throw new DrillError(`drill ${id}: step ${i + 1} comes before step ${i} (at must not go back)`);
    for (const ref of [s.on, s.reply_to]) if (ref !== undefined && !named.has(ref)) throw new DrillError(`drill ${id}: step ${i + 1} refers to "${ref}", which no earlier step names`);
    if (s.name !== undefined) named.add(s.name);
  });
  return { id, ...parsed.data };
}

/** Every drill in the folder, by file name; a broken file is reported, not skipped silently. */
export function loadDrills(dir = DRILLS_DIR): { drills: Drill[]; problems: string[] } {
  const drills: Drill[] = [];
  const problems: string[] = [];
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    return { drills, problems: [`no drills folder at ${dir}`] };
  }
  for (const file of files) {
    try {
      drills.push(parseDrill(file.replace(/\.ya?ml$/, ''), readFileSync(path.join(dir, file), 'utf8')));
    } catch (err) {
      problems.push(err instanceof Error ? err.message : String(err));
    }
  }
  return { drills, problems };
}

export const summarize = (d: Drill): DrillSummary => ({
  id: d.id,
  title: d.title,
  description: d.description,
  steps: d.steps.length,
  minutes: Math.ceil((d.steps.at(-1)?.at ?? 0) / 60_000),
});
