-- ops.events and ops.event_seals: nobody may change them. UPDATE, DELETE and TRUNCATE are revoked
-- from every role, the owner included (the guard triggers refuse them anyway, with SS010), on the
-- parent and on every partition. API roles reach the log only through RPCs (public.ops_emit);
-- service_role bypasses RLS, and the policies state that intent explicitly.
do $$
declare
  r regclass;
begin
  for r in
    select c.oid::regclass from pg_catalog.pg_class c
    where c.oid in ('ops.events'::regclass, 'ops.event_seals'::regclass)
       or c.oid in (select i.inhrelid from pg_catalog.pg_inherits i where i.inhparent = 'ops.events'::regclass)
  loop
    execute format('revoke update, delete, truncate on %s from public, anon, authenticated, service_role', r);
    execute format('revoke update, delete, truncate on %s from %I',
      r, (select pg_catalog.pg_get_userbyid(c.relowner) from pg_catalog.pg_class c where c.oid = r));
  end loop;
end
$$;

drop policy if exists events_service_read on ops.events;
create policy events_service_read on ops.events for select to service_role using (true);
comment on policy events_service_read on ops.events is 'service_role reads the event log (through RPCs; it bypasses RLS, this states the intent).';
drop policy if exists events_service_append on ops.events;
create policy events_service_append on ops.events for insert to service_role with check (true);
comment on policy events_service_append on ops.events is 'service_role appends events (through ops.emit / public.ops_emit); no update or delete policy exists.';

-- A partition read directly is judged by its own policies, not the parent's: each partition says
-- who may read it (ops.create_event_partitions gives new ones the same policy).
do $$
declare
  r regclass;
begin
  for r in select i.inhrelid::regclass from pg_catalog.pg_inherits i where i.inhparent = 'ops.events'::regclass loop
    execute format('drop policy if exists events_service_read on %s', r);
    execute format('create policy events_service_read on %s for select to service_role using (true)', r);
    execute format('comment on policy events_service_read on %s is %L', r,
      'service_role reads the partition (it bypasses RLS, this states the intent); the log is written through ops.events.');
  end loop;
end
$$;

drop policy if exists event_seals_service_read on ops.event_seals;
create policy event_seals_service_read on ops.event_seals for select to service_role using (true);
comment on policy event_seals_service_read on ops.event_seals is 'service_role reads the seals (verification); seals are written only by ops.seal_events().';
