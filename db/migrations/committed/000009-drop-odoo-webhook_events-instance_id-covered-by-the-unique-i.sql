--! Previous: sha1:346ca0ab8d1142f41567726f7bae8e705fbd60c1
--! Hash: sha1:a390d331c28a7deb00fe3ff46fde7cb6f99a31cf
--! Message: Drop odoo.webhook_events (instance_id): covered by the unique (instance_id, idempotency_key)

-- odoo.webhook_events (instance_id) is the leading column of the unique (instance_id,
-- idempotency_key): the narrower index only costs a write per event, and on a table whose
-- statistics are still empty the planner could pick it for the webhook's dedup lookup and filter
-- every event of the instance, a scan per webhook (advisor.lint_duplicate_index now flags this).
drop index if exists odoo.webhook_events_instance_id_idx;
