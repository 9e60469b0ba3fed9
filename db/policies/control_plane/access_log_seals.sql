-- control_plane.access_log_seals: the access log's seal chain. Nobody may change it: UPDATE, DELETE
-- and TRUNCATE are revoked from every role, the owner included (the guard triggers refuse them
-- anyway, with SS210). API roles have no grant; the seal job and the verifier run as the owner.
revoke all on control_plane.access_log_seals from public, anon, authenticated, service_role;
do $$
begin
  execute pg_catalog.format('revoke update, delete, truncate on control_plane.access_log_seals from %I',
    (select pg_catalog.pg_get_userbyid(c.relowner) from pg_catalog.pg_class c where c.oid = 'control_plane.access_log_seals'::regclass));
end
$$;

drop policy if exists access_log_seals_service_read on control_plane.access_log_seals;
create policy access_log_seals_service_read on control_plane.access_log_seals for select to service_role using (true);
comment on policy access_log_seals_service_read on control_plane.access_log_seals is 'service_role reads the access log''s seals (verification; it bypasses RLS anyway, this states the intent); seals are written only by ops.seal_access_log().';
