-- An object that is gone (dropped, or never left): no record either.
delete from ssot_meta.definition_objects where kind = $1 and identity = $2
