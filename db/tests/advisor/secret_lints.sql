-- Doctrine lints of secrets: credentials outside the vault, literal secrets in cron, overdue rotations.
begin;
select plan(8);
set local client_min_messages = warning;

select is((select count(*)::int from advisor.lint_secrets_outside_vault), 0, 'the project itself keeps no secret outside the vault');
create table ai.agent_settings (id int primary key, api_key text, note text);
select results_eq($$ select level from advisor.lint_secrets_outside_vault where metadata ->> 'name' = 'agent_settings' $$,
  $$ values ('WARN'::text) $$, 'a column named api_key is reported even while empty');
insert into ai.agent_settings values (1, 'sk-proj-Xk29dLw0Qm8vTz7RbN4aPq1Y', 'fine');
select results_eq($$ select level, metadata ->> 'column' from advisor.lint_secrets_outside_vault where metadata ->> 'name' = 'agent_settings' order by level $$,
  $$ values ('ERROR'::text, 'api_key'::text), ('WARN', 'api_key') $$, 'an sk- value in it is an ERROR');
select ok((select bool_and(detail !~ 'Xk29dLw0Qm8v') from advisor.lint_secrets_outside_vault), 'the finding never repeats the value');
insert into ai.agent_settings values (2, null, 'token: ghp_abcdefghijklmnopqrstuvwxyz0123456789');
select is((select count(*)::int from advisor.lint_secrets_outside_vault where metadata ->> 'column' = 'note' and level = 'ERROR'), 1, 'a GitHub token in any text column is found');

select cron.schedule('leaky-job', '0 0 * * *', $$select net.http_post('http://x', headers => '{"Authorization": "Bearer sk-live-abcdefghijklmnopqrstuv"}')$$);
select is((select level from advisor.lint_cron_literal_secrets where metadata ->> 'jobname' = 'leaky-job'), 'ERROR', 'a literal secret in a pg_cron command is an ERROR');
select is((select count(*)::int from advisor.lint_cron_literal_secrets where metadata ->> 'jobname' <> 'leaky-job'), 0, 'the declared jobs hold no literal secret');

select control_plane.set_secret('do_api_token', 'dotok');
update control_plane.secrets set last_rotated_at = now() - interval '100 days' where name = 'do_api_token';
select is((select level from advisor.lint_rotation_overdue where metadata ->> 'secret' = 'do_api_token'), 'WARN', 'a quarterly secret rotated 100 days ago is overdue');

select * from finish();
rollback;
