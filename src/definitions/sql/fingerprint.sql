-- A fingerprint of the migrations (committed and current) the database has run; '' before any.
select coalesce((select string_agg(hash, ',' order by date, hash) from graphile_migrate.migrations), '')
    || '|' || coalesce((select md5(string_agg(content, '' order by filename)) from graphile_migrate.current), '') as fp
 where to_regclass('graphile_migrate.migrations') is not null
union all select '' where to_regclass('graphile_migrate.migrations') is null
