/**
 * Milestone dependencies as a graph: `milestone: x` and `contacts: {milestone: x}`
 * both make a milestone depend on x. Cycles are errors; the compiler
 * evaluates milestones in `topologicalOrder`, dependencies first.
 */
import type { Criterion, Milestone } from './model.js';

export interface Edge<P> {
  to: string;
  /** Where the reference is written, for the diagnostic. */
  at: P;
}

export interface Cycle<P> {
  /** Milestone ids, first one repeated at the end: [a, b, a]. */
  ids: string[];
  /** The reference from ids[0] to ids[1]. */
  at: P;
}

/**
 * One cycle per back edge met in a depth-first walk, each reported once and
 * rotated to start at the earliest declared milestone: `a -> b -> a`.
 */
export function findCycles<P>(ids: string[], edges: Map<string, Edge<P>[]>): Cycle<P>[] {
  const order = new Map(ids.map((id, i) => [id, i]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found = new Map<string, Cycle<P>>();

  const visit = (id: string): void => {
    state.set(id, 'open');
    stack.push(id);
    for (const edge of edges.get(id) ?? []) {
      if (!order.has(edge.to)) continue; // unknown milestones are reported elsewhere
      const seen = state.get(edge.to);
      if (seen === 'open') record(stack.slice(stack.indexOf(edge.to)));
      else if (seen === undefined) visit(edge.to);
    }
    stack.pop();
    state.set(id, 'done');
  };

  const record = (loop: string[]): void => {
    const first = loop.reduce((a, b) => (order.get(b)! < order.get(a)! ? b : a));
    const start = loop.indexOf(first);
    const rotated = [...loop.slice(start), ...loop.slice(0, start)];
    const key = rotated.join('\u0000');
    const next = rotated[1] ?? first;
    const at = edges.get(first)!.find((edge) => edge.to === next)!.at;
    if (!found.has(key)) found.set(key, { ids: [...rotated, first], at });
  };

  for (const id of ids) if (!state.has(id)) visit(id);
  return [...found.values()];
}

/** Milestone ids a criterion (and its children) depends on. */
export function dependencies(criteria: Criterion[]): string[] {
  return criteria.flatMap((c) => {
    if (c.kind === 'milestone' || c.kind === 'contacts') return [c.milestone];
    if (c.kind === 'all' || c.kind === 'any') return dependencies(c.children);
    return [];
  });
}

/**
 * Dependencies first; otherwise declaration order. A depth-first walk in
 * declaration order that emits a milestone after what it depends on keeps
 * unrelated milestones where they were declared. Assumes no cycles
 * (validated); unknown ids are ignored.
 */
export function topologicalOrder(milestones: Milestone[]): Milestone[] {
  const byId = new Map(milestones.map((m) => [m.id, m]));
  const placed = new Set<string>();
  const out: Milestone[] = [];
  const place = (m: Milestone): void => {
    if (placed.has(m.id)) return;
    placed.add(m.id);
    for (const dep of dependencies(m.criteria)) {
      const target = byId.get(dep);
      if (target) place(target);
    }
    out.push(m);
  };
  milestones.forEach(place);
  return out;
}
