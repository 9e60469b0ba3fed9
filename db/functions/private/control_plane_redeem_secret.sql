-- private.control_plane_redeem_secret: the SECURITY DEFINER body of step 2 of the secret read,
-- public.control_plane_redeem_secret: the value for a ticket of control_plane_request_secret.
--
-- The value is released only when all of these hold, else it raises (nothing to log: nothing left
-- the database):
--   SS256 the ticket exists, was issued to this caller (same database role, JWT sub and bot_id),
--         has not expired (30 s) and has not been redeemed;
--   SS257 the transaction that issued it has committed and is not this one (pg_xact_status of its
--         top-level transaction id is 'committed'), so its access-log row is committed;
--   SS258 the bot is still active, still granted, and the secret still has a value.
-- The ticket is deleted by the redeeming transaction. A caller who rolls back the redeem (and so the
-- delete) can redeem the same ticket again until it expires: every value released is covered by the
-- committed log row of a ticket issued to that caller for that secret at most 30 s earlier. For the
-- same reason the redeeming transaction commits without waiting for the WAL flush (when it wrote
-- nothing before the call): the flush that matters is the one of the ticket's log row.
create or replace function private.control_plane_redeem_secret(ticket uuid)
returns text
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  ctx record;
  tk control_plane.secret_tickets%rowtype;
  value text;
  -- taken before the row lock below, which assigns this transaction an id
  wrote_before boolean := pg_catalog.pg_current_xact_id_if_assigned() is not null;
begin
  if ticket is null then
    raise exception 'no ticket: call control_plane_request_secret first' using errcode = 'SS256';
  end if;
  select * into ctx from control_plane.request_context();
  select * into tk from control_plane.secret_tickets t where t.ticket = control_plane_redeem_secret.ticket for update;
  if not found or tk.db_role <> ctx.db_role or tk.jwt_sub is distinct from ctx.jwt_sub
     or tk.jwt_bot_id is distinct from ctx.jwt_bot_id or tk.expires_at <= pg_catalog.clock_timestamp() then
    raise exception 'unknown, expired or already redeemed ticket, or issued to another caller' using errcode = 'SS256',
      hint = 'request a new ticket with control_plane_request_secret and commit before redeeming it';
  end if;
  if pg_catalog.pg_xact_status(tk.created_xid) is distinct from 'committed' then
    raise exception 'the ticket was issued in this transaction: its access-log row is not committed yet' using errcode = 'SS257',
      hint = 'commit the transaction of control_plane_request_secret, then redeem in a new one';
  end if;
  -- the delete need not wait for the WAL flush: were it lost in a crash, the ticket could be redeemed
  -- again within its 30 s, which is what a rolled-back redeem allows anyway (see above). A
  -- transaction that wrote before keeps the durability its writes were made with.
  if not wrote_before then
    perform pg_catalog.set_config('synchronous_commit', 'off', true);
  end if;
  delete from control_plane.secret_tickets t where t.ticket = tk.ticket;
  select d.decrypted_secret into value
    from control_plane.bots b
    join control_plane.secret_grants g on g.bot_id = b.bot_id and g.secret_name = tk.secret_name
    join control_plane.secrets s on s.name = g.secret_name
    join vault.decrypted_secrets d on d.id = s.vault_secret_id
   where b.bot_id = tk.bot_id and b.active;
  if value is null then
    raise exception 'the grant behind this ticket no longer holds (bot inactive, grant revoked or no value)' using errcode = 'SS258';
  end if;
  return value;
end
$$;
comment on function private.control_plane_redeem_secret(uuid) is 'RPC: the body of public.control_plane_redeem_secret (step 2 of a secret read): the value for a ticket issued to this caller by an earlier, committed transaction (its access-log row committed); consumes the ticket. SS256 unknown/expired/used/another caller''s, SS257 issued in this transaction, SS258 grant gone.';
revoke execute on function private.control_plane_redeem_secret(uuid) from public, anon, authenticated;
grant execute on function private.control_plane_redeem_secret(uuid) to authenticated, service_role;
