--! Previous: sha1:ea4c76fbbf2163ebb85c957e15b73a6bb710347c
--! Hash: sha1:12b25d9f9ce77b406b08099173dbd964784e0b2f
--! Message: odoo.webhook_key_use gets a service_role select policy like every table of the bridge

-- odoo.webhook_key_use states its readers like every table of the bridge (a service_role policy;
-- no grant, as for the others: the owner writes it in ops.purge_history)
drop policy if exists webhook_key_use_select_service on odoo.webhook_key_use;
create policy webhook_key_use_select_service on odoo.webhook_key_use for select to service_role using (true);
comment on policy webhook_key_use_select_service on odoo.webhook_key_use is 'service_role reads the hourly webhook key use (written only by ops.purge_history, as the owner).';
