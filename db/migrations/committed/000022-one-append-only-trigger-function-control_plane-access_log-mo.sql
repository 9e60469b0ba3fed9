--! Previous: sha1:3cd65b73a0553e00224cbff333b70671640b693f
--! Hash: sha1:185dab96a054a0203726a067480ec3bb02248a91
--! Message: One append-only trigger function: control_plane.access_log moves onto ops.tg__append_only (SQLSTATE SS210 passed as the trigger argument)

-- One append-only trigger function for every append-only table: ops.tg__append_only. The SQLSTATE
-- is SS010 unless the trigger passes another as its first argument, with its hint as the second:
-- control_plane.access_log keeps SS210 and its hint, and its own trigger function goes.
create or replace function ops.tg__append_only()
returns trigger
language plpgsql
set search_path = pg_catalog, pg_temp
as $$
declare
  code text := coalesce(tg_argv[0], 'SS010');
  hint text := coalesce(tg_argv[1], 'Write a new event with ops.emit(...) instead; only a superuser can bypass this, and the seals record it.');
begin
  if code !~ '^SS[0-9]{3}$' then
    code := 'SS010';
  end if;
  raise exception '% on %.% is refused: the log is append-only', tg_op, tg_table_schema, tg_table_name
    using errcode = code, hint = hint;
end
$$;
comment on function ops.tg__append_only() is 'Trigger function of every append-only table: refuses UPDATE, DELETE and TRUNCATE with SQLSTATE SS010, or the SSnnn code given as the trigger''s first argument (its hint as the second).';

drop trigger if exists _100_append_only_row on control_plane.access_log;
drop trigger if exists _100_append_only_truncate on control_plane.access_log;
create trigger _100_append_only_row before update or delete on control_plane.access_log
  for each row execute function ops.tg__append_only('SS210', 'the access log is evidence; write new rows instead');
create trigger _100_append_only_truncate before truncate on control_plane.access_log
  for each statement execute function ops.tg__append_only('SS210', 'the access log is evidence; write new rows instead');
drop function if exists control_plane.tg__append_only();
