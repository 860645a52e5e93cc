-- Active days without a rolling window: the instant each actor switches on,
-- from switch-on-days-top.sql.
--
-- Example: (a1, [01-02, 01-05, 01-07], 01-07 08:00) -> (a1, 01-07 08:00, TRUE)

CREATE OR REPLACE TEMP TABLE {{flips}} AS
SELECT a."actor_id", d."ts", TRUE AS "holds"
FROM {{top_table}} AS d
JOIN {{actors}} AS a ON a."actor_key" = d."actor_key"
WHERE d."ts" IS NOT NULL
