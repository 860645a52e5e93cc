import { describe, expect, it } from 'vitest';
import { findCycles, type Edge } from '../../src/definitions/graph.js';
import { parseDefinitions, topologicalOrder } from '../../src/definitions/load-definitions.js';
import { yaml } from './helpers.js';

const ids = (text: string) => {
  const project = parseDefinitions(text, 'm.yaml').project!;
  return topologicalOrder(project.milestones).map((m) => m.id);
};

describe('topologicalOrder', () => {
  it('keeps declaration order when nothing depends on anything', () => {
    expect(
      ids('milestones:\n  - {id: c, criteria: [{event: x}]}\n  - {id: a, criteria: [{event: x}]}\n'),
    ).toEqual(['c', 'a']);
  });

  it('puts dependencies first, through groups and contacts:, otherwise stable', () => {
    const order = ids(yaml`
      milestones:
        - {id: first, criteria: [{event: x}]}
        - {id: team, criteria: [{any: [{event: y}, {contacts: person}]}]}
        - {id: done, criteria: [{milestone: later}, {milestone: team}]}
        - {id: person, level: contact, criteria: [{event: z}]}
        - {id: later, criteria: [{event: w}]}
    `);
    // team needs person; done needs later, then team (already placed)
    expect(order).toEqual(['first', 'person', 'team', 'later', 'done']);
  });
});

describe('findCycles', () => {
  const graph = (pairs: [string, string][]) => {
    const edges = new Map<string, Edge<string>[]>();
    for (const [from, to] of pairs)
      edges.set(from, [...(edges.get(from) ?? []), { to, at: `${from}->${to}` }]);
    return edges;
  };

  it('reports each cycle once, from its earliest declared milestone, at that milestone reference', () => {
    const cycles = findCycles(
      ['a', 'b', 'c', 'd'],
      graph([
        ['c', 'a'],
        ['a', 'b'],
        ['b', 'c'],
        ['d', 'd'],
      ]),
    );
    expect(cycles).toEqual([
      { ids: ['a', 'b', 'c', 'a'], at: 'a->b' },
      { ids: ['d', 'd'], at: 'd->d' },
    ]);
  });

  it('finds none in a DAG and ignores unknown targets', () => {
    expect(
      findCycles(
        ['a', 'b'],
        graph([
          ['a', 'b'],
          ['b', 'zzz'],
        ]),
      ),
    ).toEqual([]);
  });
});
