-- The objects recorded for a file of source $1 that is not among the files $2 (deleted since).
select kind, identity, rel, name, drop_sql from ssot_meta.definition_objects where source = $1 and not (key = any ($2::text[]))
