-- The end of a run: forget the checksums of files that are gone ($1: the files there are) and
-- record the migration fingerprint ($2) the definitions now match.
with gone as (delete from ssot_meta.definitions where not (key = any ($1::text[])))
insert into ssot_meta.state (key, value) values ('migration_fingerprint', $2)
on conflict (key) do update set value = excluded.value
