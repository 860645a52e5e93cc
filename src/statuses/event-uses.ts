/**
 * Every place the definitions read events, with where it sits in the config
 * (a dotted path for its line) and what an empty match does to the result:
 * the input of `compute`'s checks of the definitions against the data just
 * loaded (property-presence.ts, filter-matches.ts, status-summary.ts).
 *
 *   milestones[0].criteria[1].any[0] = {event: signup, where: {channel: web}}
 *   -> {event: 'signup', where: [channel = web], owner: 'milestone "pro", criterion 2.1',
 *       setting: 'milestones.0.criteria.1.any.0', ...}
 */
import { treeNodes } from '../compiler/statuses/tree.js';
import type { Criterion, Filter, Project } from '../definitions/model.js';

export interface EventUse {
  event: string;
  where: Filter[];
  /** `milestone "pro", criterion 1`, `conversion "up", touchpoint "demo"`. */
  owner: string;
  /** Dotted config path of the criterion or step; its filters are under `.where`. */
  setting: string;
  /** What matching no event does, for messages: "so it never holds". */
  unmatched: string;
  /** A property the criterion sums or counts the distinct values of. */
  measured?: { property: string; fn: 'sum' | 'distinct_values' };
}

/** The config path of each node of a criteria tree ("milestones.0.criteria.1.any.0"), by node path. */
export function criterionSettings(criteria: Criterion[], prefix: string): Map<string, string> {
  const settings = new Map<string, string>();
  const nodes = treeNodes(criteria);
  for (const node of nodes) {
    const parts = node.path.split('.');
    const parent = parts.slice(0, -1).join('.');
    const index = Number(parts.at(-1)) - 1;
    const kind = nodes.find((n) => n.path === parent)?.criterion.kind;
    settings.set(
      node.path,
      parent === '' ? `${prefix}.${index}` : `${settings.get(parent)}.${kind}.${index}`,
    );
  }
  return settings;
}

function milestoneUses(project: Project): EventUse[] {
  return project.milestones.flatMap((m, mi) => {
    const settings = criterionSettings(m.criteria, `milestones.${mi}.criteria`);
    return treeNodes(m.criteria).flatMap(({ criterion: c, path }): EventUse[] => {
      if (c.kind !== 'event') return [];
      const measured =
        c.aggregate.fn === 'sum' || c.aggregate.fn === 'distinct_values'
          ? { measured: { property: c.aggregate.property, fn: c.aggregate.fn } }
          : {};
      return [
        {
          event: c.event,
          where: c.where,
          owner: `milestone "${m.id}", criterion ${c.id === path ? path : `"${c.id}"`}`,
          setting: settings.get(path)!,
          unmatched: 'so it never holds',
          ...measured,
        },
      ];
    });
  });
}

function conversionUses(project: Project): EventUse[] {
  return project.conversions.flatMap((cv, ci) => {
    const at = `conversions.${ci}`;
    const owner = `conversion "${cv.id}"`;
    return [
      ...cv.steps.flatMap((s, si): EventUse[] =>
        s.kind === 'event'
          ? [
              {
                event: s.event,
                where: s.where,
                owner: `${owner}, step ${si + 1}`,
                setting: `${at}.steps.${si}`,
                unmatched: 'so no attempt reaches this step',
              },
            ]
          : [],
      ),
      ...cv.exclusions.map((x, xi) => ({
        event: x.event,
        where: x.where,
        owner: `${owner}, exclusion ${xi + 1}`,
        setting: `${at}.exclusions.${xi}`,
        unmatched: 'so it never voids an attempt',
      })),
      ...cv.touchpoints.map((t, ti) => ({
        event: t.event,
        where: t.where,
        owner: `${owner}, touchpoint "${t.id}"`,
        setting: `${at}.touchpoints.${ti}`,
        unmatched: 'so it is never touched',
      })),
    ];
  });
}

/** Every read of events by the milestones and the conversions, in config order. */
export function eventUses(project: Project): EventUse[] {
  return [...milestoneUses(project), ...conversionUses(project)];
}
