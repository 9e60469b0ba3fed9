-- What a run starts from: whether pg_cron is here, the migration fingerprint of the last apply,
-- how many objects are tracked (0: the first apply that tracks them applies every file), and the
-- run's own transaction id (a catalog row written since is this run's work).
select to_regnamespace('cron') is not null as has_cron,
       (select s.value from ssot_meta.state s where s.key = 'migration_fingerprint') as previous_fingerprint,
       (select count(*)::int from ssot_meta.definition_objects) as tracked,
       pg_current_xact_id()::text as xid
