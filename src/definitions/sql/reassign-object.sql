-- An object another file of this run creates: it is still defined, and now that file's ($3).
update ssot_meta.definition_objects set key = $3 where kind = $1 and identity = $2
