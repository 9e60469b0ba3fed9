-- ops.seal_anchors: the anchor receiver's receipts. Nobody may change them: UPDATE, DELETE and
-- TRUNCATE are revoked from every role, the owner included (the guard triggers refuse them anyway,
-- with SS010). API roles have no grant; the seal job and the verifier run as the owner.
revoke all on ops.seal_anchors from public, anon, authenticated, service_role;
do $$
begin
  execute pg_catalog.format('revoke update, delete, truncate on ops.seal_anchors from %I',
    (select pg_catalog.pg_get_userbyid(c.relowner) from pg_catalog.pg_class c where c.oid = 'ops.seal_anchors'::regclass));
end
$$;

drop policy if exists seal_anchors_service_read on ops.seal_anchors;
create policy seal_anchors_service_read on ops.seal_anchors for select to service_role using (true);
comment on policy seal_anchors_service_read on ops.seal_anchors is 'service_role reads the anchor receipts (verification; it bypasses RLS anyway, this states the intent); receipts are written only by ops.seal_anchor_record().';
