--! Previous: sha1:08962b6e69ebe03f9d4c1a7ef9cb725127556acc
--! Hash: sha1:346ca0ab8d1142f41567726f7bae8e705fbd60c1
--! Message: ops.cron_jobs.declared_in: the file that declared a job

-- Which db/cron file declared each job, so that a job whose file was deleted can be removed.
alter table ops.cron_jobs drop column if exists declared_in;
alter table ops.cron_jobs add column declared_in text;
comment on column ops.cron_jobs.declared_in is 'The definition file (db/cron/…) that declared the job; when that file is gone, the definitions applier removes the job (ops.cron_prune). NULL: declared outside a definition file, never pruned.';
