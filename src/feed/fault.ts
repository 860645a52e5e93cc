/**
 * Fault injection for the end-to-end tests of exactly-once delivery
 * (test/e2e/feed.test.ts): with MILESTONES_FAULT=<point>, the process kills
 * itself with SIGKILL at that point, as `kill -9` would, leaving whatever a
 * real crash there would leave. Points: before-publish-commit, after-publish
 * (compute); after-cursor-pending, after-output-rename (feed).
 */
export type FaultPoint =
  'before-publish-commit' | 'after-publish' | 'after-cursor-pending' | 'after-output-rename';

export function faultPoint(point: FaultPoint): void {
  if (process.env.MILESTONES_FAULT === point) process.kill(process.pid, 'SIGKILL');
}
