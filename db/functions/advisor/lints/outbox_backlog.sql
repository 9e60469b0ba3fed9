-- advisor.lint_outbox_backlog: outgoing webhooks piling up, stuck, or given up on.
create or replace function advisor._lint_outbox_backlog()
returns setof advisor.lint
language sql stable security definer
set search_path = pg_catalog, pg_temp
as $$
  with s as (
    select o.topic,
           count(*) filter (where o.status = 'pending' and o.next_attempt_at < now() - interval '5 minutes') as overdue,
           count(*) filter (where o.status = 'dispatched' and o.dispatched_at < now() - interval '10 minutes') as stuck,
           count(*) filter (where o.status = 'dead' and o.created_at > now() - interval '7 days') as dead,
           min(o.next_attempt_at) filter (where o.status = 'pending') as oldest_due
      from ops.outbox o
     where o.status in ('pending', 'dispatched', 'dead')
     group by o.topic
  )
  select 'outbox_backlog',
         'Outbox backlog',
         case when s.dead > 0 or s.stuck > 0 then 'ERROR' else 'WARN' end,
         'INTERNAL',
         array['RELIABILITY'],
         'Detects outgoing webhook requests (ops.outbox) that are overdue, stuck waiting for a response, or were given up on.',
         pg_catalog.format('Topic %s: %s overdue, %s stuck in dispatch, %s dead in the last 7 days.', s.topic, s.overdue, s.stuck, s.dead),
         'Check the delivery path (pg_net, or ssot net worker with the compat schema), the housekeeping-outbox-pump cron job, and ops.outbox_attempts for the errors; requeue dead rows once fixed.',
         pg_catalog.jsonb_build_object('topic', s.topic, 'overdue', s.overdue, 'stuck', s.stuck, 'dead', s.dead, 'oldest_due', s.oldest_due),
         pg_catalog.format('outbox_backlog_%s', s.topic)
    from s
   where s.overdue > 0 or s.stuck > 0 or s.dead > 0
   order by s.topic
$$;
comment on function advisor._lint_outbox_backlog() is 'Rows of advisor.lint_outbox_backlog.';
revoke execute on function advisor._lint_outbox_backlog() from public;

create or replace view advisor.lint_outbox_backlog with (security_invoker = true) as
  select * from advisor._lint_outbox_backlog();
comment on view advisor.lint_outbox_backlog is 'Lint: outbox rows overdue (WARN), stuck in dispatch or dead (ERROR).';
