-- control_plane.log_text: a request value as the access log stores it: cut to `max_chars` characters
-- BEFORE any other work, then every control character (C0, DEL, C1, line and paragraph separators,
-- bidirectional overrides) and the backslash written as an escape (\x0a, \x5c, \u2028), so a stored
-- value is one line that reads the same in any viewer and cannot forge a second log line. The result
-- is at most 6 x max_chars characters.
create or replace function control_plane.log_text(value text, max_chars integer)
returns text
language sql immutable parallel safe
set search_path = pg_catalog, pg_temp
as $$
  select case
    when v is null or v !~ '[\x01-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\\]' then v
    else (select pg_catalog.string_agg(
                   case when c ~ '[\x01-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\\]'
                        then case when pg_catalog.ascii(c) < 256
                                  then '\x' || pg_catalog.lpad(pg_catalog.to_hex(pg_catalog.ascii(c)), 2, '0')
                                  else '\u' || pg_catalog.lpad(pg_catalog.to_hex(pg_catalog.ascii(c)), 4, '0') end
                        else c end, '' order by i)
            from pg_catalog.unnest(pg_catalog.string_to_array(v, null)) with ordinality as t(c, i))
  end
  from (select pg_catalog.left(value, greatest(max_chars, 0)) as v) s
$$;
comment on function control_plane.log_text(text, integer) is 'A request value as the access log stores it: the first max_chars characters, control and bidi characters and the backslash escaped (\x0a, \x5c, \u2028); at most 6 x max_chars characters.';
revoke execute on function control_plane.log_text(text, integer) from public;
