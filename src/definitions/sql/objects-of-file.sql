-- The objects recorded as the file $1's (within source $2).
select kind, identity, rel, name, drop_sql from ssot_meta.definition_objects where key = $1 and source = $2
