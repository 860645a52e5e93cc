/**
 * One id rule for touchpoints (issue 8, item 14): `{id: "A", event: x}` was
 * rejected while `touchpoints: [A]`, whose id defaults to the event name
 * "A", was accepted. Ids are slugs whether written or taken from the event.
 */
import { describe, expect, it } from 'vitest';
import { brief, check, only, yaml } from './helpers.js';

const withTouchpoints = (touchpoints: string) => yaml`
  conversions:
    - id: c
      steps: [{event: a}, {event: b}]
      window: 1d
      touchpoints: ${touchpoints}
`;

describe('touchpoint ids', () => {
  it('rejects an id that is not a slug, written or defaulted from the event name', () => {
    // Written: the schema's slug rule. Defaulted (a bare name, or an object without id): the same rule.
    expect(brief(check(withTouchpoints('[{id: B, event: x}, A, {event: Demo Booked}]')))).toEqual([
      '5:24 error bad-id',
      '5:38 error bad-id',
      '5:49 error bad-id',
    ]);
  });

  it('hints at the id to write', () => {
    const d = only(withTouchpoints('["Demo Booked"]'));
    expect(d.message).toBe(
      'the touchpoint\'s id defaults to its event name "Demo Booked", which is not a valid id',
    );
    expect(d.hint).toContain('{id: demo_booked, event: "Demo Booked"}');
  });

  it('accepts slug event names without id, and any event name with an id', () => {
    expect(
      check(withTouchpoints('[demo_booked, {event: page_view}, {id: demo, event: Demo Booked}]')),
    ).toEqual([]);
  });
});
