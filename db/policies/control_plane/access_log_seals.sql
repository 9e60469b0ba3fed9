-- control_plane.access_log_seals: the access log's seal chain. Nobody may change it: UPDATE, DELETE
-- and TRUNCATE are revoked from every role, the owner included (the guard triggers refuse them
-- anyway, with SS210). No API role reads or writes it; the seal job and the verifier run as the owner.
revoke all on control_plane.access_log_seals from public, anon, authenticated, service_role;
do $$
begin
  execute pg_catalog.format('revoke update, delete, truncate on control_plane.access_log_seals from %I',
    (select pg_catalog.pg_get_userbyid(c.relowner) from pg_catalog.pg_class c where c.oid = 'control_plane.access_log_seals'::regclass));
end
$$;
