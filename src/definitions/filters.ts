/**
 * `where:` maps to Filter[]: `plan: pro` is equality, `{in: [...]}` and the
 * other operators keep their YAML values, several operators on one property
 * are ANDed (`{gte: 10, lt: 20}`), and `{not: {op: v}}` negates one
 * operator (`{not: v}` is short for `{not: {eq: v}}`).
 */
import type { Filter, FilterOp, Scalar } from './model.js';
import type { RawFilterValue, RawScalar, RawWhereMap } from './raw-types.js';

const isScalar = (value: unknown): value is RawScalar =>
  typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';

function operatorFilters(property: string, ops: object, negate: boolean): Filter[] {
  return Object.entries(ops).flatMap(([op, value]: [string, unknown]): Filter[] => {
    if (op === 'not') {
      return isScalar(value)
        ? [{ property, op: 'eq', value, negate: !negate }]
        : operatorFilters(property, value as object, !negate);
    }
    return [{ property, op: op as FilterOp, value: value as Scalar | Scalar[], negate }];
  });
}

function toPropertyFilters(property: string, value: RawFilterValue): Filter[] {
  if (isScalar(value)) return [{ property, op: 'eq', value, negate: false }];
  return operatorFilters(property, value, false);
}

export function toFilters(where: RawWhereMap | undefined): Filter[] {
  return Object.entries(where ?? {}).flatMap(([property, value]) => toPropertyFilters(property, value));
}
