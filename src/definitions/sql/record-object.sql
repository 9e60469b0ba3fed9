-- Records an object as the file's: it belongs to the first file that created it (a later file
-- granting on it, or creating it again, does not take it).
insert into ssot_meta.definition_objects (kind, identity, key, source, rel, name, drop_sql) values ($1, $2, $3, $4, $5, $6, $7)
on conflict (kind, identity) do nothing
