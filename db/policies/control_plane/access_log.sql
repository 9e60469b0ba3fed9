-- Policies of control_plane.access_log: no API role reads it directly (anon and authenticated have no
-- grant; the schema is not exposed). service_role reads it under this policy when granted by an
-- operator; bots go through public.control_plane_request_secret and public.control_plane_redeem_secret.
drop policy if exists access_log_select_service on control_plane.access_log;
create policy access_log_select_service on control_plane.access_log
  for select to service_role
  using (true);
comment on policy access_log_select_service on control_plane.access_log is 'service_role may read (it bypasses RLS anyway); anon and authenticated have neither a policy nor a grant.';
revoke all on control_plane.access_log from anon, authenticated;
-- append-only for everyone, the owner included (the guard triggers refuse it anyway, with SS210)
revoke update, delete, truncate on control_plane.access_log from public, service_role;
do $$
begin
  execute pg_catalog.format('revoke update, delete, truncate on control_plane.access_log from %I',
    (select pg_catalog.pg_get_userbyid(c.relowner) from pg_catalog.pg_class c where c.oid = 'control_plane.access_log'::regclass));
end
$$;
