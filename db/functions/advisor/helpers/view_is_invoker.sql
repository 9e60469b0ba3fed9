-- advisor.view_is_invoker: whether a view's options (pg_class.reloptions) make it run with the
-- caller's rights. PostgreSQL keeps the option as written, so security_invoker = 1, yes, true and
-- on (any case) all count, as they do for the server.
create or replace function advisor.view_is_invoker(options text[])
returns boolean
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select exists (
    select from pg_catalog.unnest(options) o
     where pg_catalog.lower(o) in ('security_invoker=1', 'security_invoker=true', 'security_invoker=yes', 'security_invoker=on'))
$$;
comment on function advisor.view_is_invoker(text[]) is 'True when a view''s reloptions set security_invoker to 1, true, yes or on (any case).';
revoke execute on function advisor.view_is_invoker(text[]) from public;
