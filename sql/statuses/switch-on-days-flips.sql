-- Active days without a rolling window only ever switch on: the criterion
-- holds from the first event of the actor's k-th active day (k = its
-- threshold rounded up, at least 1). With one time zone for all, an event's
-- local day never decreases as time goes on, so the k-th day to begin is
-- the k-th smallest distinct day: switch-on-days-top.sql lists each actor's
-- distinct days (a hash aggregate with one group per actor), this finds the
-- first event of that day. Grouping every (actor, day) for its first instant
-- instead cost 3.7-4.1 s at 50M events (2.6M groups); this 1.9-2.1 s.
-- k is capped at 10^18 so that a threshold no count reaches fits a BIGINT.
--
-- Example: at_least 3, events 01-02 10:00, 01-02 11:00, 01-05 09:00, 01-07 15:00, 01-07 08:00
--   -> days [01-02, 01-05, 01-07], 3rd day 01-07, its first event 08:00 -> (01-07 08:00, TRUE)

CREATE OR REPLACE TEMP TABLE {{flips}} AS
WITH kth AS (
  SELECT a."actor_id", a."actor_key", list_sort(d."days")[a."k"] AS "day"
  FROM {{top_table}} AS d
  JOIN (
    SELECT "actor_id", "actor_key", CAST(least(greatest(1, ceil({{threshold}})), 1e18) AS BIGINT) AS "k"
    FROM {{actors}}
    WHERE {{threshold}} IS NOT NULL
  ) AS a ON a."actor_key" = d."actor_key"
  WHERE len(d."days") >= a."k"
)
SELECT k."actor_id", min(c."ts") AS "ts", TRUE AS "holds"
FROM (
  {{counted}}
) AS c
JOIN kth AS k ON k."actor_key" = c."actor_key" AND k."day" = c."value"
GROUP BY k."actor_id"
