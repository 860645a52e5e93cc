/**
 * TypeScript types of the raw (validated, not yet normalised) criteria.
 * Written by hand because criteria nest (`any:`/`all:`), which zod cannot
 * infer through `z.lazy`; `schema.ts` checks its output against them.
 */

export type RawScalar = string | number | boolean;

export interface RawOperators {
  eq?: RawScalar;
  in?: RawScalar[];
  not_in?: RawScalar[];
  gt?: number | string;
  gte?: number | string;
  lt?: number | string;
  lte?: number | string;
  contains?: string;
  starts_with?: string;
  exists?: boolean;
}

export type RawFilterValue = RawScalar | (RawOperators & { not?: RawScalar | RawOperators });

export type RawWhereMap = Record<string, RawFilterValue>;

export type RawCount = 'events' | 'contacts' | 'active_days' | { distinct: string } | { sum: string };

export type RawWithin = { first: string } | { last: string };

export interface RawEventCriterion {
  id?: string;
  event: string;
  where?: RawWhereMap;
  at_least?: number;
  per?: string;
  count?: RawCount;
  within?: RawWithin;
}

export interface RawMilestoneCriterion {
  id?: string;
  milestone: string;
  currently?: boolean;
}

export interface RawContactsCriterion {
  id?: string;
  contacts: string | { milestone: string; currently?: boolean; at_least?: number; per?: string };
}

export interface RawAnyCriterion {
  id?: string;
  any: RawCriterion[];
}

export interface RawAllCriterion {
  id?: string;
  all: RawCriterion[];
}

export type RawCriterion =
  RawEventCriterion | RawMilestoneCriterion | RawContactsCriterion | RawAnyCriterion | RawAllCriterion;
