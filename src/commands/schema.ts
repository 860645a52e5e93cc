/**
 * `milestones schema`: the JSON Schema of the definitions language, for
 * editors (yaml-language-server reads draft-07 best). The copy committed at
 * schema/milestones.schema.json is written by `npm run schema:write`.
 */
import { z } from 'zod';
import { EXIT_OK } from '../errors.js';
import { definitionsSchema } from '../definitions/schema.js';

export function jsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(definitionsSchema, { target: 'draft-07', io: 'input' }) as Record<string, unknown>;
}

export async function run(_options: Record<string, unknown>): Promise<number> {
  process.stdout.write(JSON.stringify(jsonSchema(), null, 2) + '\n');
  return EXIT_OK;
}
