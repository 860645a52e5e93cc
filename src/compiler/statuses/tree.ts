/**
 * The criteria tree of a milestone, walked once: every node gets a position
 * path ("1", "2.1") and a column name ("c1", "c2_1") that the generated SQL
 * uses, independent of user-chosen criterion ids (those are for overrides and
 * `explain`). Leaves are the criteria that have a timeline of their own.
 *
 * Example: criteria [{event: a}, {any: [{event: b}, {milestone: setup}]}]
 *   nodes:  c1 (event a), c2 (any), c2_1 (event b), c2_2 (milestone setup)
 *   leaves: c1, c2_1, c2_2
 *   holds:  "c1" AND ("c2_1" OR "c2_2")
 */
import type {
  ContactsCriterion,
  Criterion,
  EventCriterion,
  MilestoneCriterion,
} from '../../definitions/model.js';
import { ident } from '../quote.js';

export type Leaf = EventCriterion | MilestoneCriterion | ContactsCriterion;

export interface TreeNode {
  criterion: Criterion;
  /** 1-based position path: "2.1". */
  path: string;
  /** Column name in the states table: "c2_1". */
  column: string;
  /** Nesting depth, 0 for top-level criteria. */
  depth: number;
}

export interface LeafNode extends TreeNode {
  criterion: Leaf;
}

/** The states-table column of the node at a path: "2.1" -> "c2_1". */
const columnOf = (path: string) => `c${path.replaceAll('.', '_')}`;

/** Every node, parents before children, in declaration order. */
export function treeNodes(criteria: Criterion[], prefix = '', depth = 0): TreeNode[] {
  return criteria.flatMap((criterion, i) => {
    const path = `${prefix}${i + 1}`;
    const node: TreeNode = { criterion, path, column: columnOf(path), depth };
    const kids =
      criterion.kind === 'all' || criterion.kind === 'any'
        ? treeNodes(criterion.children, `${path}.`, depth + 1)
        : [];
    return [node, ...kids];
  });
}

export function isLeaf(node: TreeNode): node is LeafNode {
  return node.criterion.kind !== 'all' && node.criterion.kind !== 'any';
}

export function leafNodes(criteria: Criterion[]): LeafNode[] {
  return treeNodes(criteria).filter(isLeaf);
}

/** The event criteria of a tree, nested ones included, in order. */
export function eventCriteria(criteria: Criterion[]): EventCriterion[] {
  return treeNodes(criteria).flatMap((n) => (n.criterion.kind === 'event' ? [n.criterion] : []));
}

/** Whether a node holds, as SQL over the leaf columns of the states table. */
export function holdsExpression(criterion: Criterion, path: string): string {
  if (criterion.kind !== 'all' && criterion.kind !== 'any') return ident(columnOf(path));
  if (criterion.children.length === 0) return criterion.kind === 'all' ? 'TRUE' : 'FALSE';
  const parts = criterion.children.map((child, i) => holdsExpression(child, `${path}.${i + 1}`));
  return parts.length === 1 ? parts[0]! : `(${parts.join(criterion.kind === 'all' ? ' AND ' : ' OR ')})`;
}

/** Number of top-level criteria holding, as SQL. */
export function progressExpression(criteria: Criterion[]): string {
  if (criteria.length === 0) return 'CAST(100 AS DOUBLE)';
  const held = criteria.map((c, i) => `CAST(${holdsExpression(c, `${i + 1}`)} AS INTEGER)`);
  return `CAST(100 * (${held.join(' + ')}) AS DOUBLE) / ${criteria.length}`;
}

/** All top-level criteria hold, as SQL. */
export function milestoneHoldsExpression(criteria: Criterion[]): string {
  if (criteria.length === 0) return 'TRUE';
  return criteria.map((c, i) => holdsExpression(c, `${i + 1}`)).join(' AND ');
}
