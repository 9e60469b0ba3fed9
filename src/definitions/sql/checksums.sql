-- The checksum of each definition file as last applied.
select key, checksum from ssot_meta.definitions
