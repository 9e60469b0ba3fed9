--! Previous: sha1:f0ca952fe6cc897df21217b4666e926617963353
--! Hash: sha1:59f416522037dd7db2d7a6b6074ac62f31d904e8
--! Message: odoo: counters of the webhook rejections SS415 (replay with an uncovered idempotency key) and SS416 (aggregate_id the handler cannot use)

-- Counters of the two new webhook rejections (see odoo.webhook_reject and odoo.v_webhook_rejections):
-- SS415, a replay of a stored event sent again with an x-idempotency-key its signature does not
-- cover, and SS416, an aggregate_id the model's handler could not use. Sequences, like SS401-SS414
-- (000003), so the counts survive the rollback of the rejected request. Drops first.
drop sequence if exists odoo.webhook_rejected_ss416;
drop sequence if exists odoo.webhook_rejected_ss415;

create sequence odoo.webhook_rejected_ss415 minvalue 0 start 0;
create sequence odoo.webhook_rejected_ss416 minvalue 0 start 0;
comment on sequence odoo.webhook_rejected_ss415 is 'Webhook rejections SS415 (replay of a stored event with another idempotency key).';
comment on sequence odoo.webhook_rejected_ss416 is 'Webhook rejections SS416 (aggregate_id the model''s handler cannot use).';
