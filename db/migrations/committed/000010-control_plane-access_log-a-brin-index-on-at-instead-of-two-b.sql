--! Previous: sha1:a390d331c28a7deb00fe3ff46fde7cb6f99a31cf
--! Hash: sha1:1711a4e80f229d36b7ce7c08d6ca01253e3b9179
--! Message: control_plane.access_log: a BRIN index on at instead of two B-trees

-- control_plane.access_log is append-only and written on every secret read. Its two B-trees,
-- (bot_id, at) and (secret_name, at), cost two index writes per read and served no query of ours;
-- the one query that reads the log (refusals in the last 15 minutes, in the health check) filters on
-- `at` alone and scanned the whole table. A BRIN index on `at` (rows arrive in time order) serves
-- every time-bounded audit query, by bot or secret too, at next to no write cost.
drop index if exists control_plane.access_log_secret_at_idx;
drop index if exists control_plane.access_log_bot_at_idx;
drop index if exists control_plane.access_log_at_brin;
create index access_log_at_brin on control_plane.access_log using brin (at);
