--! Previous: sha1:ea4c01d7b87121b1091fc1b95f27b2430863f484
--! Hash: sha1:c07bafdb271d10d99919fd1c8e6b9bb6e383f36b
--! Message: odoo: a rejection counter per instance (signed requests only) and the counters of SS418 (webhook key under 32 bytes) and SS419 (signature not covering the idempotency key)

-- Webhook rejections counted where an anonymous caller cannot inflate them (issue 12):
--  * SS418 (the instance's HMAC key is under 32 bytes) and SS419 (a signature valid for the body
--    but not covering the x-idempotency-key sent with it) get their counters, like SS401-SS416;
--  * every instance gets its own counter, odoo.webhook_rejected_i<id without dashes>, bumped only
--    for a rejection of a request whose signature verified (odoo.webhook_reject); refusals before
--    that stay in the global per-reason counters, a fixed set of sequences (never a row per request).
-- Sequences, because the rejected request rolls back (nextval is not transactional). Created with
-- the instance and dropped with it by a trigger (SECURITY DEFINER: who inserts an instance need
-- not be allowed to create sequences). Drops first: this file re-runs on every save.
drop trigger if exists instances_rejection_counter on odoo.instances;
drop function if exists odoo.tg__instance_rejection_counter();
drop sequence if exists odoo.webhook_rejected_ss419;
drop sequence if exists odoo.webhook_rejected_ss418;

create sequence odoo.webhook_rejected_ss418 minvalue 0 start 0;
create sequence odoo.webhook_rejected_ss419 minvalue 0 start 0;
comment on sequence odoo.webhook_rejected_ss418 is 'Webhook rejections SS418 (the instance''s HMAC key is under 32 bytes); the caller is told SS417.';
comment on sequence odoo.webhook_rejected_ss419 is 'Webhook rejections SS419 (a signature valid for the body that does not cover the x-idempotency-key sent with it).';

create function odoo.tg__instance_rejection_counter()
returns trigger
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if tg_op = 'INSERT' then
    execute pg_catalog.format('create sequence if not exists odoo.%I minvalue 0 start 0',
      'webhook_rejected_i' || pg_catalog.replace(new.id::text, '-', ''));
    execute pg_catalog.format('comment on sequence odoo.%I is %L',
      'webhook_rejected_i' || pg_catalog.replace(new.id::text, '-', ''),
      'Signed webhooks of Odoo instance ' || new.id::text || ' that were rejected (read through odoo.v_webhook_rejections_by_instance).');
    return new;
  end if;
  execute pg_catalog.format('drop sequence if exists odoo.%I',
    'webhook_rejected_i' || pg_catalog.replace(old.id::text, '-', ''));
  return old;
end
$$;
comment on function odoo.tg__instance_rejection_counter() is 'Creates the rejection counter of a new Odoo instance (odoo.webhook_rejected_i<id>) and drops it with the instance.';
revoke execute on function odoo.tg__instance_rejection_counter() from public;
create trigger instances_rejection_counter
  after insert or delete on odoo.instances
  for each row execute function odoo.tg__instance_rejection_counter();
comment on trigger instances_rejection_counter on odoo.instances is 'Each instance has its own counter of signed webhooks that were rejected.';

-- the counters of the instances that exist already
do $$
declare
  i uuid;
begin
  for i in select id from odoo.instances loop
    execute pg_catalog.format('create sequence if not exists odoo.%I minvalue 0 start 0',
      'webhook_rejected_i' || pg_catalog.replace(i::text, '-', ''));
    execute pg_catalog.format('comment on sequence odoo.%I is %L',
      'webhook_rejected_i' || pg_catalog.replace(i::text, '-', ''),
      'Signed webhooks of Odoo instance ' || i::text || ' that were rejected (read through odoo.v_webhook_rejections_by_instance).');
  end loop;
end
$$;
