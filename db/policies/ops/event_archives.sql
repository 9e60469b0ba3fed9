-- ops.event_archives: the ledger of the partition lifecycle. Append-only (its triggers and the
-- privileges the owner gave up are in the migration); service_role may read it, as it reads the log.
drop policy if exists event_archives_service_read on ops.event_archives;
create policy event_archives_service_read on ops.event_archives for select to service_role using (true);
comment on policy event_archives_service_read on ops.event_archives is 'service_role reads the archive ledger (it bypasses RLS; this states the intent); rows are written only by ops.event_archive_commit and ops.event_restore_finish.';
