-- A journey's actions per stage (travelers.sql): the events of each actor while in
-- the stage (entering included, up to the exit, or T for an actor still in it), in
-- the period.
-- Each actor's stays become one row (stage i's reach and exit instants, "r_i" and
-- "x_i"; an actor has at most one stay per stage), each event in the period is
-- joined to its actor's row once, and a sum per stage counts the events inside that
-- stay. Joining every stay to its actor's events instead (up to one candidate pair
-- per stage for each event, then a range filter) cost 0.94-1.08 s at 50M events (35M
-- events in the period), this 0.55-0.58 s; counting with FILTER or count_if instead
-- of a sum of CASE: 1.06-1.36 s. A stay may overlap the next stage's (an actor that
-- reached the next stage first never exits through it): its events count for both.
-- With actor numbers (compiler/actor-numbers.ts) the stays are grouped by
-- their actor's number, and each actor's row meets the events on it
-- (e."_account_number").
--
-- Example: acme in setup from 01-02 to 01-05, 4 events then -> (1, 4)

SELECT unnest([{{stage_indexes}}]) AS "stage_index", unnest([{{stage_counts}}]) AS "actions"
FROM (
  SELECT
    {{counts}}
  FROM (
    SELECT
      {{stay_key}} AS "key",
      {{bounds}}
    FROM {{stays}} AS s{{numbers}}
    GROUP BY {{stay_key}}
  ) AS w
  JOIN "events" AS e ON e.{{actor}} = w."key"
  WHERE e."ts" <= {{as_of}}
    AND {{event_in_period}}
)
