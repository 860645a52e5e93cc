-- Active days without a rolling window only ever switch on: the criterion
-- holds from the first event of the actor's k-th active day (k = its
-- threshold rounded up, at least 1). With one time zone for all, an event's
-- local day never decreases as time goes on, so the k-th day to begin is
-- the k-th smallest distinct day: one pass lists each actor's distinct days
-- (a hash aggregate with one group per actor), a second finds the first
-- event of that day; the counted events are read once (the CTE is
-- materialized). Grouping every (actor, day) for its first instant instead
-- cost 3.7-4.1 s at 50M events (2.6M groups); this 1.9-2.1 s. Listing
-- every day and dropping repeats per list costs less than a DISTINCT list
-- (a hash set per actor): 8.6M page views, 35K actors, alternating replays
-- 1.60-1.94 s -> 1.23-1.78 s (medians 1.74 -> 1.46 s). One row per
-- actor with a threshold: its days (what the next incremental run carries,
-- carry-switch-on.sql) and the instant it switches on, NULL before it does.
-- k is capped at 10^18 so that a threshold no count reaches fits a BIGINT.
--
-- The NULL days are left out by the aggregate's FILTER, not by a WHERE:
-- DuckDB can push a WHERE on the day (from a LEFT JOIN to the day buckets)
-- into the scan, and its estimate then builds the join's hash table from 14M
-- events instead of 35K actors (50M events: 2.6-2.8 s against 0.63-0.64 s).
--
-- Example: at_least 3, events 01-02 10:00, 01-02 11:00, 01-05 09:00, 01-07 15:00, 01-07 08:00
--   -> days [01-02, 01-05, 01-07], 3rd day 01-07, its first event 08:00 -> 01-07 08:00

CREATE OR REPLACE TEMP TABLE {{top_table}} AS
WITH counted AS (
  {{counted}}
),
kth AS (
  SELECT d."actor_key", d."days", list_sort(d."days")[a."k"] AS "day"
  FROM (
    SELECT "actor_key", list_distinct(list("value") FILTER (WHERE "value" IS NOT NULL)) AS "days"
    FROM counted
    GROUP BY "actor_key"
  ) AS d
  JOIN (
    SELECT "actor_key", CAST(least(greatest(1, ceil({{threshold}})), 1e18) AS BIGINT) AS "k"
    FROM {{actors}}
    WHERE {{threshold}} IS NOT NULL
  ) AS a ON a."actor_key" = d."actor_key"
),
first AS (
  SELECT c."actor_key", min(c."ts") AS "ts"
  FROM counted AS c
  JOIN kth AS k ON k."actor_key" = c."actor_key" AND k."day" = c."value"
  GROUP BY c."actor_key"
)
SELECT k."actor_key", k."days", f."ts"
FROM kth AS k
LEFT JOIN first AS f ON f."actor_key" = k."actor_key"
