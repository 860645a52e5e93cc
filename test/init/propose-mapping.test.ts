/** The column mapping `milestones init` proposes, from names and types (pure). */
import { describe, expect, it } from 'vitest';
import { proposeMapping } from '../../src/init/propose-mapping.js';
import { starterConfig, yamlScalar } from '../../src/init/starter-config.js';
import { parseDocument } from 'yaml';

const cols = (spec: string) =>
  spec.split(',').map((c) => {
    const [name, type] = c.trim().split(' ');
    return { name: name!, type: type ?? 'VARCHAR' };
  });

describe('proposeMapping', () => {
  it('maps the usual names', () => {
    expect(proposeMapping(cols('occurred_at TIMESTAMP, account, user_id, event_name, plan'))).toEqual({
      ts: 'occurred_at',
      account_id: 'account',
      contact_id: 'user_id',
      event: 'event_name',
    });
  });

  it('prefers a time-typed column for ts, and never takes a time column as an id', () => {
    // "time" is a VARCHAR here (unparsed); "happened" is a TIMESTAMP: the type wins.
    expect(proposeMapping(cols('time, happened TIMESTAMP, company_id, distinct_id, action')).ts).toBe(
      'happened',
    );
    expect(proposeMapping(cols('account_created_at TIMESTAMP, org, name')).account_id).toBe('org');
  });

  it('prefers a timestamp to a date, and takes no user_agent for an id (found by review)', () => {
    // event_date came first and tied with event_timestamp: every event had been at midnight.
    expect(proposeMapping(cols('event_date DATE, event_timestamp TIMESTAMP, account_id, event')).ts).toBe(
      'event_timestamp',
    );
    // user_agent only contains "user": a browser string is no contact id; user_email and userid are.
    expect(proposeMapping(cols('ts TIMESTAMP, account_id, event, user_agent')).contact_id).toBeUndefined();
    expect(proposeMapping(cols('ts TIMESTAMP, account_id, event, user_email')).contact_id).toBe('user_email');
    expect(proposeMapping(cols('ts TIMESTAMP, account_id, event, userid')).contact_id).toBe('userid');
    expect(proposeMapping(cols('ts TIMESTAMP, group_name, customer_uuid, event')).account_id).toBe(
      'customer_uuid',
    );
  });

  it('leaves a role out when nothing fits, and uses each column once', () => {
    expect(proposeMapping(cols('ts TIMESTAMP, amount DOUBLE, event'))).toEqual({ ts: 'ts', event: 'event' });
    expect(proposeMapping(cols('amount DOUBLE, event, name'))).toEqual({ event: 'event' });
  });
});

describe('starterConfig', () => {
  it('quotes what YAML would read otherwise, and writes one active criterion', () => {
    expect(yamlScalar('007')).toBe('"007"');
    expect(yamlScalar('page view: home')).toBe('"page view: home"');
    const text = starterConfig({
      eventsPath: 'data/events.csv',
      readFrom: 'data/events.csv',
      mapping: { ts: 'ts', event: 'what: name', account_id: 'acct' },
      events: [
        { event: 'yes', count: 3 },
        { event: '007', count: 1 },
      ],
      sampled: 4,
      schemaRef: './schema.json',
    });
    const data = parseDocument(text).toJS() as {
      sources: { events: { columns: Record<string, string> } };
      milestones: { criteria: { event: string }[] }[];
    };
    expect(data.sources.events.columns).toEqual({ ts: 'ts', account_id: 'acct', event: 'what: name' });
    // "yes" stays a string (YAML 1.1 would read a bare yes as true); 007 is commented out, quoted.
    expect(data.milestones[0]!.criteria).toEqual([{ event: 'yes' }]);
    expect(text).toContain('# - event: "007" # 25.0% of the sampled events');
    expect(text).toContain('#   contact_id: ?'.replace('#   ', '# ')); // no column looked like one
  });

  it('says no event was counted when no column looked like the event name, not "0 rows sampled"', () => {
    const text = starterConfig({
      eventsPath: 'ev.csv',
      readFrom: 'ev.csv',
      mapping: { ts: 'when' },
      events: [],
      sampled: 0,
      schemaRef: './schema.json',
    });
    expect(text).toContain(
      '# Proposed from ev.csv (no column looked like the event name, so no event was counted).',
    );
    expect(text).not.toContain('0 rows sampled');
  });
});
