-- ops.seal_anchors: the anchor receiver's receipts. Nobody may change them: UPDATE, DELETE and
-- TRUNCATE are revoked from every role, the owner included (the guard triggers refuse them anyway,
-- with SS010). No API role reads or writes them; the seal job and the verifier run as the owner.
revoke all on ops.seal_anchors from public, anon, authenticated, service_role;
do $$
begin
  execute pg_catalog.format('revoke update, delete, truncate on ops.seal_anchors from %I',
    (select pg_catalog.pg_get_userbyid(c.relowner) from pg_catalog.pg_class c where c.oid = 'ops.seal_anchors'::regclass));
end
$$;
