-- The registry's core relations: ai, audit and analytics (and ops) hold what the seeds define, and
-- advisor.assert_doctrine() reports schema_contents when a registered schema or one of its core
-- relations is missing (so `ssot check` fails).
begin;
select plan(7);

select is_empty($$select * from catalog.registry_gaps()$$, 'the migrated database holds every registered schema and core relation');
select results_eq($$select name, core_relations from catalog.schemas where name in ('ai', 'audit', 'analytics') order by name$$,
  $$values ('ai'::text, '{agent_memories,outputs}'::text[]), ('analytics', '{kpi_values,deployments_daily,job_runs_daily,webhook_events_daily,audit_findings_open}'),
           ('audit', '{findings}')$$,
  'the registry lists the core relations of ai, audit and analytics');

drop view analytics.audit_findings_open;
drop table audit.findings;
select results_eq($$select check_name, object, problem from advisor.assert_doctrine() where check_name = 'schema_contents'$$,
  $$values ('schema_contents', 'analytics.audit_findings_open', 'a core relation of schema analytics (registry core_relations) is missing'),
           ('schema_contents', 'audit.findings', 'a core relation of schema audit (registry core_relations) is missing')$$,
  'a dropped core table and view are reported');
set local client_min_messages = warning;
drop schema ai cascade;
select results_eq($$select object, problem from advisor.assert_doctrine() where check_name = 'schema_contents' and object = 'ai'$$,
  $$values ('ai', 'the registry lists this schema but it does not exist')$$, 'a dropped schema is reported, once');
select is_empty($$select * from advisor.assert_doctrine() where object like 'ai.%'$$, 'not its relations as well');
select throws_ok($$update catalog.schemas set core_relations = '{"Bad Name"}' where name = 'audit'$$, '23514', null,
  'a core relation must be a lowercase unqualified name');
update catalog.schemas set core_relations = '{}' where name in ('audit', 'analytics');
delete from catalog.schemas where name = 'ai';
select is_empty($$select * from catalog.registry_gaps()$$, 'removed from the registry, nothing is required');

select * from finish();
rollback;
