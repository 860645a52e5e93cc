/**
 * `milestones schema [-o FILE]`: the JSON Schema of the definitions language,
 * for editors (yaml-language-server reads draft-07 best). With `-o` it is
 * written atomically, e.g. next to a config whose `$schema` modeline points
 * to it. The copy committed at schema/milestones.schema.json (shipped in the
 * package) is written by `npm run schema:write`.
 */
import { z } from 'zod';
import { EXIT_OK } from '../errors.js';
import { definitionsSchema } from '../definitions/schema.js';
import { writeUserFile } from '../output/write-user-file.js';

export function jsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(definitionsSchema, { target: 'draft-07', io: 'input' }) as Record<string, unknown>;
}

export async function run(options: { output?: string }): Promise<number> {
  const text = JSON.stringify(jsonSchema(), null, 2) + '\n';
  if (options.output && options.output !== '-') {
    writeUserFile(options.output, text, 'the schema');
    process.stderr.write(`wrote ${options.output}\n`);
  } else process.stdout.write(text);
  return EXIT_OK;
}
