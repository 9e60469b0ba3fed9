-- advisor.lint_cron_literal_secrets: a cron command must read secrets from the vault, never carry them.
create or replace function advisor._lint_cron_literal_secrets()
returns setof advisor.lint
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
begin
  if pg_catalog.to_regclass('cron.job') is not null then
    return query execute
      'select ''cron_literal_secrets''::text, ''Secret written into a cron command''::text, ''ERROR''::text, ''INTERNAL''::text,
              array[''SECURITY''], ''Detects pg_cron jobs whose command holds a literal credential (it is stored in cron.job and logged in cron.job_run_details).''::text,
              pg_catalog.format(''pg_cron job %s (id %s) has a command that looks like it contains a credential.'', j.jobname, j.jobid),
              ''Read the secret from the vault inside a function (control_plane.secret_value) and call that function from the job; then rotate the exposed secret.''::text,
              pg_catalog.jsonb_build_object(''jobid'', j.jobid, ''jobname'', j.jobname, ''type'', ''cron_job''),
              pg_catalog.format(''cron_literal_secrets_%s'', coalesce(j.jobname, j.jobid::text))
         from cron.job j where advisor.looks_like_secret(j.command, in_code => true) order by j.jobid';
  end if;
  return query
    select 'cron_literal_secrets'::text, 'Secret written into a cron command'::text, 'ERROR'::text, 'INTERNAL'::text,
           array['SECURITY'], 'Detects pg_cron jobs whose command holds a literal credential (it is stored in cron.job and logged in cron.job_run_details).'::text,
           pg_catalog.format('Declared cron job %s has a command that looks like it contains a credential.', c.name),
           'Read the secret from the vault inside a function and call that function from the job; then rotate the exposed secret.'::text,
           pg_catalog.jsonb_build_object('jobname', c.name, 'type', 'cron_declaration'),
           pg_catalog.format('cron_literal_secrets_declared_%s', c.name)
      from ops.cron_jobs c
     where advisor.looks_like_secret(c.command, in_code => true) and pg_catalog.to_regclass('cron.job') is null
     order by c.name;
end
$$;
comment on function advisor._lint_cron_literal_secrets() is 'Rows of advisor.lint_cron_literal_secrets.';
revoke execute on function advisor._lint_cron_literal_secrets() from public;

create or replace view advisor.lint_cron_literal_secrets with (security_invoker = true) as
  select * from advisor._lint_cron_literal_secrets();
comment on view advisor.lint_cron_literal_secrets is 'Lint: pg_cron commands with literal credentials (ERROR).';
