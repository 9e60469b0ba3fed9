--! Previous: sha1:5fda8ca9044439b64efdb635d1ab019be0917077
--! Hash: sha1:deaedf27d32181193e4501ab1b2277920de23fbe
--! Message: advisor.checks: evaluator and evaluator_arg name the function advisor.run_checks() calls for each database item

-- advisor.checks names the evaluator of each item the database can see: advisor.run_checks() calls
-- it instead of branching on item ids. The rows already there get the evaluators of the checklist
-- seed (db/seeds/15_hardening_checklist.yaml), which loads the same values.
alter table advisor.checks drop constraint if exists checks_evaluator_iff_database;
alter table advisor.checks drop column if exists evaluator_arg;
alter table advisor.checks drop column if exists evaluator;

alter table advisor.checks add column evaluator text check (evaluator ~ '^advisor\.check_[a-z0-9_]+$');
alter table advisor.checks add column evaluator_arg text check (evaluator_arg <> '');
comment on column advisor.checks.evaluator is 'database items: the function advisor.check_<name>(text) that evaluates the item, called by advisor.run_checks() with evaluator_arg; it returns (status, detail). Null for manual items.';
comment on column advisor.checks.evaluator_arg is 'The argument passed to the evaluator (e.g. the schema of an RLS item); null when it takes none.';
update advisor.checks k set evaluator = v.evaluator, evaluator_arg = v.arg
  from (values ('rls_ops', 'advisor.check_rls_enabled', 'ops'),
               ('rls_advisor', 'advisor.check_rls_enabled', 'advisor'),
               ('rls_mirror', 'advisor.check_rls_enabled', 'mirror'),
               ('events_append_only', 'advisor.check_events_append_only', null),
               ('secrets_in_vault', 'advisor.check_secrets_in_vault', null),
               ('statement_timeouts', 'advisor.check_statement_timeouts', null),
               ('vault_direct_access', 'advisor.check_vault_direct_access', null),
               ('catalog_exposure', 'advisor.check_catalog_exposure', null),
               ('pg_cron_enabled', 'advisor.check_pg_cron_enabled', null),
               ('outbound_http', 'advisor.check_outbound_http', null)) v(id, evaluator, arg)
 where k.id = v.id and k.evaluation = 'database';
alter table advisor.checks add constraint checks_evaluator_iff_database
  check ((evaluation = 'database') = (evaluator is not null) and (evaluator_arg is null or evaluator is not null));
comment on constraint checks_evaluator_iff_database on advisor.checks is 'An item the database evaluates names its evaluator; a manual item has none.';
