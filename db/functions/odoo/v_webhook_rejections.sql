-- odoo.v_webhook_rejections: how many webhooks were rejected, per SQLSTATE (counted by sequences,
-- so the counts survive the rollback each rejection causes; they start at 0, so n calls leave
-- last_value = n - 1, and an unused sequence shows NULL).
create or replace view odoo.v_webhook_rejections with (security_invoker = true) as
  select r.code, r.reason,
         coalesce((select s.last_value + 1
            from pg_catalog.pg_sequences s
           where s.schemaname = 'odoo' and s.sequencename = 'webhook_rejected_' || pg_catalog.lower(r.code)), 0)::bigint as rejected
    from (values
      ('SS401', 'missing x-ipai-signature'),
      ('SS402', 'bad signature'),
      ('SS403', 'missing or malformed x-ipai-timestamp'),
      ('SS404', 'stale timestamp (more than 5 minutes old)'),
      ('SS405', 'timestamp in the future (more than 5 minutes ahead)'),
      ('SS406', 'missing x-ipai-instance'),
      ('SS407', 'unknown instance'),
      ('SS408', 'inactive instance'),
      ('SS409', 'body over the size limit'),
      ('SS410', 'malformed JSON'),
      ('SS411', 'missing or invalid field'),
      ('SS412', 'instance secret missing from the vault'),
      ('SS413', 'malformed x-idempotency-key'),
      ('SS414', 'idempotency key reused with another body'),
      ('SS415', 'replay of a stored event with an idempotency key its signature does not cover'),
      ('SS416', 'aggregate_id the model''s handler cannot use')
    ) as r (code, reason);
comment on view odoo.v_webhook_rejections is 'Webhook rejections per SQLSTATE since the database was created (may jump by up to 32 after a crash).';
