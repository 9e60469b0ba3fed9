-- catalog.assets: the registry is maintained by the owner (seeds, catalog.sync_local()); service_role reads it.
drop policy if exists assets_service_read on catalog.assets;
create policy assets_service_read on catalog.assets for select to service_role using (true);
comment on policy assets_service_read on catalog.assets is 'service_role reads catalog.assets; only the owner writes it.';
