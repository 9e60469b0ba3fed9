-- catalog.schemas: the registry is maintained by the owner (seeds, catalog.sync_local()); service_role reads it.
drop policy if exists schemas_service_read on catalog.schemas;
create policy schemas_service_read on catalog.schemas for select to service_role using (true);
comment on policy schemas_service_read on catalog.schemas is 'service_role reads catalog.schemas; only the owner writes it.';
