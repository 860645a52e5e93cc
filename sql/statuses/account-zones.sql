-- Each account's own time zone, from the property `timezone_property` names:
-- only names DuckDB knows are kept, so an account with none (or a misspelt
-- one) reads its days in the config's zone.
--
-- Example: timezone_property: tz; acme tz 'Asia/Tokyo', globex tz 'Mars/Olympus'
--   -> ('acme', 'Asia/Tokyo')

CREATE OR REPLACE TEMP TABLE "_ms_account_zones" AS
SELECT a."account_id", z."name" AS "zone"
FROM "accounts" AS a
JOIN (SELECT DISTINCT "name" FROM pg_timezone_names()) AS z ON z."name" = {{zone}}
