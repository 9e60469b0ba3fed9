-- Superset's read-only account on Supabase (superset_reader, seed 003 §5): it reads the analytics
-- read models and nothing else, and writes nothing; any privilege beyond that fails `ssot check`.
begin;
select plan(14);

select ok(exists (select from pg_roles where rolname = 'superset_reader' and rolcanlogin and not rolsuper and not rolbypassrls and not rolcreaterole),
  'the role exists, may log in once a password is set, and has no power');
select ok((select setconfig @> array['default_transaction_read_only=on'] from pg_db_role_setting where setrole = 'superset_reader'::regrole and setdatabase = 0),
  'its transactions are read-only by default');
select is_empty($$ select * from advisor.superset_reader_problems() $$, 'the doctrine finds nothing to say about it');

insert into analytics.kpi_values (kpi, period_start, value) values ('life.kpi', now(), 1);
-- act as it, as Superset would (postgres has CREATEROLE, so it may take the role for the test); it
-- cannot reach pgTAP's functions, so each statement runs through this and the SQLSTATE comes back
grant superset_reader to current_user;
create function pg_temp.as_reader(q text) returns text language plpgsql as $f$
declare
  got text := 'ok';
begin
  set local role superset_reader;
  set local default_transaction_read_only = off;  -- the privileges, not the default, must stop it
  begin
    execute q;
  exception when others then
    got := sqlstate;
  end;
  reset role;
  return got;
end
$f$;
select is(pg_temp.as_reader($$ select count(*) from analytics.deployments_daily $$), 'ok', 'it reads a read model');
select is(pg_temp.as_reader($$ select count(*) from analytics.audit_findings_open $$), 'ok', 'another');
select is(pg_temp.as_reader($$ do $d$ begin if (select count(*) from analytics.kpi_values where kpi = 'life.kpi') <> 1 then raise 'not seen'; end if; end $d$ $$),
  'ok', 'it reads the KPI values (RLS lets it)');
select is(pg_temp.as_reader($$ insert into analytics.kpi_values (kpi, period_start, value) values ('x', now(), 1) $$), '42501', 'it cannot write a KPI value');
select is(pg_temp.as_reader($$ delete from analytics.kpi_values $$), '42501', 'nor delete one');
select is(pg_temp.as_reader($$ select * from ops.events limit 1 $$), '42501', 'it cannot read the event log');
select is(pg_temp.as_reader($$ select * from control_plane.secrets limit 1 $$), '42501', 'nor the credential registry');
select is(pg_temp.as_reader($$ select * from odoo.webhook_events limit 1 $$), '42501', 'nor the webhook events');
select is(pg_temp.as_reader($$ select public.analytics_record_kpi('x', now(), 1) $$), '42501', 'nor call the service_role RPCs');

grant insert on analytics.kpi_values to superset_reader;
select results_eq($$ select check_name, object from advisor.assert_doctrine() where check_name = 'superset_reader' $$,
  $$ values ('superset_reader'::text, 'analytics.kpi_values'::text) $$, 'a write privilege fails ssot check, naming the table');
revoke insert on analytics.kpi_values from superset_reader;
grant authenticated to superset_reader;
select results_eq($$ select object, problem from advisor.assert_doctrine() where check_name = 'superset_reader' $$,
  $$ values ('superset_reader'::text, 'superset_reader is a member of authenticated'::text) $$, 'so does a membership');

select * from finish();
rollback;
