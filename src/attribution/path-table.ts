/**
 * The one input of attribution: the distinct-paths table built in SQL
 * (sql/conversion-paths.sql). Its size depends on how many distinct paths
 * there are, never on how many accounts, so every model here costs the same
 * on ten accounts or ten million.
 *
 *   path [2, 0]  (touchpoint indexes: pricing then demo), converted 1, not converted 0, revenue 6000
 *
 * The time-decay model's credits come summed per touchpoint from SQL
 * (sql/conversion-decay.sql), since its weights depend on each touch's time.
 */

export interface PathRow {
  /** Touchpoint indexes (0-based, into the conversion's touchpoints) in order; [] = no touch. */
  path: number[];
  /** Converted actors whose path this is. */
  converted: number;
  /** Settled actors that did not convert, whose path this is. */
  notConverted: number;
  /** Revenue of the converted actors on this path (0 without `value:`). */
  revenue: number;
}

/**
 * Per touchpoint (0..n-1), the time-decay shares of every converted actor's
 * touches, summed in SQL: credit adds up to the conversions with a touch,
 * revenue to their revenue.
 */
export interface TouchShares {
  credit: number[];
  revenue: number[];
}

export const MODELS = [
  'first_touch',
  'last_touch',
  'linear',
  'time_decay',
  'position_based',
  'markov',
  'shapley',
] as const;

export type Model = (typeof MODELS)[number];

/** The data-driven models: `--mode data-driven` leads with them. */
export const DATA_DRIVEN: Model[] = ['markov', 'shapley'];

/** Credit of one touchpoint under one model; touchpoint undefined is `(none)`: converted without a touch. */
export interface Credit {
  model: Model;
  /** 0-based touchpoint index, or undefined for `(none)`. */
  touchpoint: number | undefined;
  credit: number;
  revenue: number;
}

/** Per touchpoint (index n: `(none)`), conversions and revenue credited. */
export interface Shares {
  credit: number[];
  revenue: number[];
}

export function emptyShares(n: number): Shares {
  return { credit: new Array<number>(n + 1).fill(0), revenue: new Array<number>(n + 1).fill(0) };
}

export function isModel(name: string): name is Model {
  return (MODELS as readonly string[]).includes(name);
}
