-- ops.seal_and_anchor: one tick of the seal job (housekeeping-event-seals). Records the receipts
-- that came back since the last tick, seals both chains (ops.events, control_plane.access_log),
-- sends each new head to the anchor receiver, and when nothing was sent for `heartbeat` sends the
-- current head again, so that a sealer held off shows as a gap in the receiver's clock. Then pumps
-- the outbox so the anchors leave now rather than at the next outbox-pump run.
-- The receiver's URL: the argument, else the setting ssot.seal_anchor_url, else the registered
-- secret seal_anchor_url (its value read at dispatch); with none, seals are made and not anchored
-- (the verifier then reports the seals older than the window as unanchored).
create or replace function ops.seal_and_anchor(anchor_url text default null, heartbeat interval default '50 seconds')
returns jsonb
language plpgsql volatile
set search_path = pg_catalog, pg_temp
as $$
declare
  url text := coalesce(anchor_url, nullif(pg_catalog.current_setting('ssot.seal_anchor_url', true), ''));
  url_secret text;
  recorded int;
  ev bigint;
  al bigint;
  sent int := 0;
  ch text;
  head bigint;
begin
  if url is not null and url !~* '^https?://[^[:space:]]+$' then
    raise exception 'seal anchor: the receiver URL must be http(s):// (got %)', url using errcode = 'SS032',
      hint = 'pass anchor_url, or set ssot.seal_anchor_url';
  end if;
  if heartbeat is null or heartbeat < interval '1 second' or heartbeat > interval '1 hour' then
    raise exception 'seal anchor: heartbeat must be between 1 second and 1 hour (got %)', coalesce(heartbeat::text, 'NULL')
      using errcode = 'SS033';
  end if;
  if url is null and exists (select from control_plane.secrets s where s.name = 'seal_anchor_url') then
    url_secret := 'seal_anchor_url';
  end if;
  recorded := ops.seal_anchor_record();
  select s.seal_id into ev from ops.seal_events() s;
  select s.seal_id into al from ops.seal_access_log() s;
  if url is not null or url_secret is not null then
    foreach ch in array array['ops.events', 'control_plane.access_log'] loop
      head := case ch when 'ops.events' then (select max(s.id) from ops.event_seals s)
                      else (select max(s.id) from control_plane.access_log_seals s) end;
      if head is not null and not exists (select from ops.outbox o where o.idempotency_key = 'seal-anchor:' || ch || ':' || head) then
        perform ops.seal_anchor_send(ch, 'seal', url, url_secret);
        sent := sent + 1;
      end if;
    end loop;
    if sent = 0 and not exists (select from ops.outbox o where o.topic = 'ops.seal_anchor' and o.created_at > pg_catalog.now() - heartbeat) then
      sent := (ops.seal_anchor_send('ops.events', 'heartbeat', url, url_secret) is not null)::int;
      if sent = 0 then
        sent := (ops.seal_anchor_send('control_plane.access_log', 'heartbeat', url, url_secret) is not null)::int;
      end if;
    end if;
    if sent > 0 then
      perform ops.outbox_pump();
    end if;
  end if;
  return pg_catalog.jsonb_build_object('receipts_recorded', recorded, 'event_seal', ev, 'access_log_seal', al, 'anchors_sent', sent,
    'anchoring', case when url is not null or url_secret is not null then 'on' else 'off: no receiver configured' end);
end
$$;
comment on function ops.seal_and_anchor(text, interval) is 'One tick of the seal job: records anchor receipts, seals ops.events and control_plane.access_log, sends new heads (or a heartbeat after `heartbeat` without one) to the anchor receiver through the outbox; returns what it did. SS032 bad receiver URL, SS033 heartbeat outside 1 s..1 h.';
revoke execute on function ops.seal_and_anchor(text, interval) from public;
