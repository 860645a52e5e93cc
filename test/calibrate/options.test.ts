import { describe, expect, it } from 'vitest';
import { chooseCandidates, milestoneEvents, windowGrid } from '../../src/calibrate/candidates.js';
import { parseOutcome } from '../../src/calibrate/outcome.js';
import type { Milestone } from '../../src/definitions/model.js';
import { UserError } from '../../src/errors.js';

const d = (n: number) => ({ seconds: n * 86_400, text: `${n}d` });

describe('parseOutcome', () => {
  it('reads event outcomes, with or without within=', () => {
    expect(parseOutcome('event:subscription_started')).toEqual({
      kind: 'event',
      event: 'subscription_started',
      within: d(90),
    });
    expect(parseOutcome('event:renewed:within=120d')).toEqual({
      kind: 'event',
      event: 'renewed',
      within: d(120),
    });
    // A ':' inside the name is kept; only a trailing within= is an option.
    expect(parseOutcome('event:crm:won')).toMatchObject({ event: 'crm:won' });
  });

  it('reads property outcomes', () => {
    expect(parseOutcome('property:retained')).toEqual({ kind: 'property', property: 'retained' });
  });

  it('refuses anything else as a usage error (exit 2)', () => {
    for (const bad of ['retained', 'event:', 'property:', 'event:x:within=3m', 'event:x:within=', '']) {
      expect(() => parseOutcome(bad), bad).toThrow(UserError);
      try {
        parseOutcome(bad);
      } catch (e) {
        expect((e as UserError).exitCode).toBe(2);
      }
    }
  });
});

describe('windowGrid', () => {
  it('takes the grid up to the observation period, and the period itself', () => {
    expect(windowGrid(d(30)).map((w) => w.text)).toEqual(['7d', '14d', '30d']);
    expect(windowGrid(d(45)).map((w) => w.text)).toEqual(['7d', '14d', '30d', '45d']);
    expect(windowGrid({ seconds: 3 * 86_400, text: '3d' }).map((w) => w.text)).toEqual(['3d']);
    expect(windowGrid(d(90)).map((w) => w.text)).toEqual(['7d', '14d', '30d', '60d', '90d']);
  });
});

describe('candidates', () => {
  const milestones = [
    {
      criteria: [
        { kind: 'event', event: 'a' },
        { kind: 'milestone', milestone: 'x' },
      ],
    },
    {
      criteria: [
        {
          kind: 'any',
          children: [
            { kind: 'event', event: 'b' },
            {
              kind: 'all',
              children: [
                { kind: 'event', event: 'a' },
                { kind: 'event', event: 'c' },
              ],
            },
          ],
        },
      ],
    },
  ] as unknown as Milestone[];

  it('defaults to the events of the milestones, nested groups included, each once in order', () => {
    expect(milestoneEvents(milestones)).toEqual(['a', 'b', 'c']);
    expect(chooseCandidates(undefined, milestones)).toEqual(['a', 'b', 'c']);
  });

  it('takes --candidates as a trimmed list, each once', () => {
    expect(chooseCandidates(' x, y ,x,', milestones)).toEqual(['x', 'y']);
    expect(() => chooseCandidates(' , ', milestones)).toThrow(/names no event/);
  });
});
