// Message content as Slack checks it (SLACK-FACTS.md limits): text length and Block Kit blocks.
import { JsonRecord, isRecord } from './standInModel';
import { ApiResult, fail, str } from './webApiCommon';

const TEXT_MAX = 40_000;
const MAX_BLOCKS = 50;

function blockError(message: string): ApiResult {
  // Slack explains block failures in response_metadata.messages; WebClient logs those lines.
  return fail('invalid_blocks', { response_metadata: { messages: [`[ERROR] ${message}`] } });
}

function textOf(obj: unknown): string | undefined {
  return isRecord(obj) && typeof obj.text === 'string' ? obj.text : undefined;
}

function elementCount(block: JsonRecord): number {
  return Array.isArray(block.elements) ? block.elements.length : 0;
}

/** Validates the limits from SLACK-FACTS.md; returns a failure or undefined when acceptable. */
export function validateBlocks(blocks: unknown): ApiResult | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return blockError('blocks must be an array');
  if (blocks.length > MAX_BLOCKS) return blockError(`no more than ${MAX_BLOCKS} items allowed [json-pointer:/blocks]`);
  const ids = new Set<string>();
  for (const [i, block] of blocks.entries()) {
    const at = `[json-pointer:/blocks/${i}]`;
    if (!isRecord(block) || typeof block.type !== 'string') return blockError(`missing required field: type ${at}`);
    if (typeof block.block_id === 'string') {
      if (ids.has(block.block_id)) return blockError(`duplicate block_id ${at}`);
      ids.add(block.block_id);
    }
    if (block.type === 'section') {
      const text = textOf(block.text);
      const fields = Array.isArray(block.fields) ? block.fields : undefined;
      if (text === undefined && fields === undefined) return blockError(`section needs text or fields ${at}`);
      if (text !== undefined && (text.length === 0 || text.length > 3000)) {
        return blockError(`must be between 1 and 3000 characters [json-pointer:/blocks/${i}/text/text]`);
      }
      if (fields && (fields.length > 10 || fields.some((f) => (textOf(f) ?? '').length > 2000))) {
        return blockError(`section fields: at most 10, each at most 2000 characters ${at}`);
      }
    } else if (block.type === 'header') {
      const text = textOf(block.text);
      if (text === undefined || !isRecord(block.text) || block.text.type !== 'plain_text') {
        return blockError(`header text must be plain_text ${at}`);
      }
      if (text.length === 0 || text.length > 150) {
        return blockError(`must be between 1 and 150 characters [json-pointer:/blocks/${i}/text/text]`);
      }
    } else if (block.type === 'context') {
      const n = elementCount(block);
      if (n === 0 || n > 10) return blockError(`context needs 1 to 10 elements ${at}`);
    } else if (block.type === 'actions') {
      const n = elementCount(block);
      if (n === 0 || n > 25) return blockError(`actions needs 1 to 25 elements ${at}`);
    }
  }
  return undefined;
}

/** Shared checks for anything that posts a message body. */
export function contentProblem(args: JsonRecord, requireContent: boolean): ApiResult | undefined {
  const text = str(args, 'text');
  const blocks = args.blocks;
  const hasBlocks = Array.isArray(blocks) ? blocks.length > 0 : blocks !== undefined;
  if (requireContent && (text === undefined || text === '') && !hasBlocks && args.attachments === undefined) {
    return fail('no_text');
  }
  if (text !== undefined && text.length > TEXT_MAX) return fail('msg_too_long');
  return validateBlocks(blocks);
}
