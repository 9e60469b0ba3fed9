-- advisor.lint_webhook_backlog: Odoo webhook events waiting too long, failing, or dead.
create or replace function advisor._lint_webhook_backlog()
returns setof advisor.lint
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  with s as (
    select i.slug,
           count(*) filter (where e.status = 'pending' and e.next_attempt_at < now() - interval '5 minutes') as overdue,
           count(*) filter (where e.status = 'failed') as failing,
           count(*) filter (where e.status = 'processing' and ops.claim_abandoned(e.locked_pid, e.locked_backend_start, e.locked_until)) as abandoned,
           count(*) filter (where e.status = 'dead' and e.received_at > now() - interval '7 days') as dead,
           min(e.received_at) filter (where e.status in ('pending', 'failed')) as oldest
      from odoo.webhook_events e
      join odoo.instances i on i.id = e.instance_id
     where e.status in ('pending', 'failed', 'processing', 'dead')
     group by i.slug
  )
  select 'webhook_backlog',
         'Odoo webhook backlog',
         case when s.dead > 0 or s.abandoned > 0 then 'ERROR' else 'WARN' end,
         'INTERNAL',
         array['RELIABILITY'],
         'Detects Odoo webhook events (odoo.webhook_events) that wait longer than 5 minutes, are being retried, were abandoned by a worker, or went dead.',
         pg_catalog.format('Instance %s: %s overdue, %s failing, %s abandoned claims, %s dead in the last 7 days.', s.slug, s.overdue, s.failing, s.abandoned, s.dead),
         'Run `ssot odoo process` (or enable the odoo-process-webhooks cron job), then read odoo.webhook_events.last_error of the failing and dead events.',
         pg_catalog.jsonb_build_object('instance', s.slug, 'overdue', s.overdue, 'failing', s.failing, 'abandoned', s.abandoned, 'dead', s.dead, 'oldest', s.oldest),
         pg_catalog.format('webhook_backlog_%s', s.slug)
    from s
   where s.overdue > 0 or s.failing > 0 or s.abandoned > 0 or s.dead > 0
   order by s.slug
$$;
comment on function advisor._lint_webhook_backlog() is 'Rows of advisor.lint_webhook_backlog.';
revoke execute on function advisor._lint_webhook_backlog() from public;

create or replace view advisor.lint_webhook_backlog with (security_invoker = true) as
  select * from advisor._lint_webhook_backlog();
comment on view advisor.lint_webhook_backlog is 'Lint: Odoo webhook events overdue or failing (WARN), abandoned or dead (ERROR).';
