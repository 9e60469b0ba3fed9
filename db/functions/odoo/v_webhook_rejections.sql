-- odoo.v_webhook_rejections: how many webhooks were rejected, per reason (counted by sequences,
-- so the counts survive the rollback each rejection causes; they start at 0, so n calls leave
-- last_value = n - 1, and an unused sequence shows NULL). `told` is the SQLSTATE the caller saw:
-- SS417 for every reason that would tell an unauthenticated caller whether an instance exists.
-- `signed` says whether the reason is only reachable with a verified signature (those are also
-- counted per instance: odoo.v_webhook_rejections_by_instance); the others are global counters
-- anyone can move, one per reason, never a row per request.
create or replace view odoo.v_webhook_rejections with (security_invoker = true) as
  select r.code, r.reason,
         coalesce((select s.last_value + 1
            from pg_catalog.pg_sequences s
           where s.schemaname = 'odoo' and s.sequencename = 'webhook_rejected_' || pg_catalog.lower(r.code)), 0)::bigint as rejected,
         r.told, r.signed
    from (values
      ('SS401', 'missing or malformed x-ipai-signature', 'SS401', false),
      ('SS402', 'bad signature', 'SS417', false),
      ('SS403', 'missing or malformed x-ipai-timestamp', 'SS403', false),
      ('SS404', 'stale timestamp (more than 5 minutes old)', 'SS404', true),
      ('SS405', 'timestamp in the future (more than 5 minutes ahead)', 'SS405', true),
      ('SS406', 'missing x-ipai-instance', 'SS406', false),
      ('SS407', 'unknown instance', 'SS417', false),
      ('SS408', 'inactive instance', 'SS417', false),
      ('SS409', 'body over the size limit', 'SS409', false),
      ('SS410', 'empty body or malformed JSON', 'SS410', false),
      ('SS411', 'missing or invalid field', 'SS411', true),
      ('SS412', 'instance secret missing from the vault', 'SS417', false),
      ('SS413', 'malformed x-idempotency-key', 'SS413', true),
      ('SS414', 'idempotency key reused with another body', 'SS414', true),
      ('SS415', 'replay of a stored event with an idempotency key its signature does not cover', 'SS415', true),
      ('SS416', 'aggregate_id the model''s handler cannot use', 'SS416', true),
      ('SS418', 'instance key under 32 bytes', 'SS417', false),
      ('SS419', 'signature valid for the body that does not cover x-idempotency-key', 'SS419', true)
    ) as r (code, reason, told, signed);
comment on view odoo.v_webhook_rejections is 'Webhook rejections per reason since the database was created (may jump by up to 32 after a crash), with the SQLSTATE the caller was told and whether only a signed request reaches the reason.';

-- odoo.v_webhook_rejections_by_instance: rejected webhooks per instance, counted only for requests
-- whose signature verified (so only the holder of the instance's key, or the replay of one of its
-- requests, moves them). Same counting as odoo.v_webhook_rejections.
create or replace view odoo.v_webhook_rejections_by_instance with (security_invoker = true) as
  select i.id as instance_id, i.slug,
         coalesce((select s.last_value + 1
            from pg_catalog.pg_sequences s
           where s.schemaname = 'odoo' and s.sequencename = 'webhook_rejected_i' || pg_catalog.replace(i.id::text, '-', '')), 0)::bigint as rejected
    from odoo.instances i;
comment on view odoo.v_webhook_rejections_by_instance is 'Signed webhooks rejected per Odoo instance (SS404, SS405, SS409 over its own limit, SS410, SS411, SS413-SS416, SS419); unauthenticated refusals are only in the global counters of odoo.v_webhook_rejections.';
