import { UserError } from '../errors.js';

export async function run(_options: Record<string, unknown>): Promise<number> {
  throw new UserError('`milestones load` is not implemented yet');
}
