-- A criterion that only ever switches on: each actor's k smallest change
-- instants (a top-k aggregate: a hash aggregate, no sort of every change),
-- from which switch-on-flips.sql takes the k-th. A table, so that the values
-- the next incremental run needs (carry-switch-on.sql) come from it too.
--
-- Example: k 3, changes at 10:00, 11:00, 11:00, 12:00 -> [10:00, 11:00, 11:00]

CREATE OR REPLACE TEMP TABLE {{top_table}} AS
SELECT "actor_key", min("ts", {{top}}) AS "first"{{values}}
FROM {{deltas}}
GROUP BY "actor_key"
