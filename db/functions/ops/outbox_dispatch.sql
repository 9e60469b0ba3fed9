-- ops.outbox_dispatch: hands due pending outbox rows to net.http_post, signing each attempt with a
-- fresh timestamp (a retry after minutes must still pass the receiver's 5-minute window).
-- Rows are claimed with skip locked, so dispatchers never collide.
create or replace function ops.outbox_dispatch(batch_size int default 100)
returns int
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  r ops.outbox%rowtype;
  target text;
  hdrs jsonb;
  ts text;
  req bigint;
  n int := 0;
begin
  for r in
    select * from ops.outbox o
     where o.status = 'pending' and o.next_attempt_at <= pg_catalog.now()
     order by o.next_attempt_at, o.id
     limit batch_size
       for update skip locked
  loop
    begin
      target := coalesce(r.url, control_plane.secret_value(r.url_secret));
      hdrs := '{"Content-Type": "application/json"}'::jsonb || r.headers
              || pg_catalog.jsonb_build_object('x-ssot-outbox-id', r.id::text, 'x-ssot-attempt', (r.attempts + 1)::text);
      if r.signing_secret is not null then
        ts := pg_catalog.floor(extract(epoch from pg_catalog.clock_timestamp()))::bigint::text;
        hdrs := hdrs || pg_catalog.jsonb_build_object(
          'x-ipai-timestamp', ts,
          'x-ipai-signature', ops.outbox_sign(control_plane.secret_value(r.signing_secret), ts, r.body::text));
      end if;
      req := net.http_post(url => target, body => r.body, headers => hdrs, timeout_milliseconds => r.timeout_milliseconds);
      update ops.outbox o
         set status = 'dispatched', net_request_id = req, dispatched_at = pg_catalog.now(), attempts = o.attempts + 1
       where o.id = r.id;
      n := n + 1;
    exception when others then
      -- a missing secret or a URL net.http_post refuses: a failed attempt, retried like any other
      perform ops.outbox_record_failure(r.id, r.attempts + 1, null, null, false, 'dispatch: ' || sqlerrm);
    end;
  end loop;
  return n;
end
$$;
comment on function ops.outbox_dispatch(int) is 'Hands up to batch_size due pending outbox rows to net.http_post (signed when the row names a signing secret); returns how many.';
revoke execute on function ops.outbox_dispatch(int) from public;
