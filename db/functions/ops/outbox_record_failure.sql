-- ops.outbox_record_failure: one failed attempt: back to pending with exponential backoff, or dead
-- once max_attempts is reached (or at once when the failure is not worth retrying).
create or replace function ops.outbox_record_failure(
  outbox_id bigint, attempt int, net_request_id bigint, status_code int, timed_out boolean, error text, retryable boolean default true
) returns text
language plpgsql volatile security definer
set search_path = pg_catalog, pg_temp
as $$
declare
  o ops.outbox%rowtype;
  outcome text;
begin
  select * into o from ops.outbox x where x.id = outbox_id for update;
  if o.status in ('delivered', 'dead') then
    return o.status;
  end if;
  outcome := case when not retryable or attempt >= o.max_attempts then 'dead' else 'retry' end;
  insert into ops.outbox_attempts (outbox_id, attempt, net_request_id, status_code, timed_out, error, outcome)
  values (outbox_id, attempt, net_request_id, status_code, coalesce(timed_out, false), error, outcome);
  update ops.outbox x
     set status = case outcome when 'dead' then 'dead' else 'pending' end,
         attempts = greatest(x.attempts, attempt),
         last_status_code = status_code,
         last_error = error,
         net_request_id = null,
         locked_by = null, locked_pid = null, locked_backend_start = null, locked_until = null,
         next_attempt_at = pg_catalog.now() + ops.backoff(attempt, x.backoff_base, interval '1 hour')
   where x.id = outbox_id;
  return outcome;
end
$$;
comment on function ops.outbox_record_failure(bigint, int, bigint, int, boolean, text, boolean) is 'Records a failed outbox attempt: pending again after backoff_base * 2^(attempt-1) (capped at 1 hour), or dead after max_attempts or a non-retryable failure.';
revoke execute on function ops.outbox_record_failure(bigint, int, bigint, int, boolean, text, boolean) from public;
