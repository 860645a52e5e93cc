import { UserError } from '../errors.js';

export async function run(_options: Record<string, unknown>): Promise<number> {
  throw new UserError('`milestones validate` is not implemented yet');
}
