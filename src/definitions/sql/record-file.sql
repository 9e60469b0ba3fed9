-- Records the checksum a file was applied at.
insert into ssot_meta.definitions (key, checksum) values ($1, $2)
on conflict (key) do update set checksum = excluded.checksum, applied_at = now()
