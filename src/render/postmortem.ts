import type { PostmortemModel } from '../domain/postmortem';
import { compileMarkdownTemplate, DEFAULT_TEMPLATE, type TemplateRenderer } from './handlebars';

export type PostmortemRenderer = TemplateRenderer<PostmortemModel>;

export function createPostmortemRenderer(opts: { timezone: string; templatePath?: string }): PostmortemRenderer {
  return compileMarkdownTemplate<PostmortemModel>(opts.templatePath ?? DEFAULT_TEMPLATE, opts.timezone);
}
