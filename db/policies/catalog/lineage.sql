-- catalog.lineage: the registry is maintained by the owner (seeds, catalog.sync_local()); service_role reads it.
drop policy if exists lineage_service_read on catalog.lineage;
create policy lineage_service_read on catalog.lineage for select to service_role using (true);
comment on policy lineage_service_read on catalog.lineage is 'service_role reads catalog.lineage; only the owner writes it.';
