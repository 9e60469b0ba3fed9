-- rag.text_search_config(language): the PostgreSQL text search configuration for a document's
-- language. Accepts a configuration name (english, german, simple …) or an ISO 639-1 code
-- (en, de …); anything PostgreSQL has no configuration for is refused with SS601.
create or replace function rag.text_search_config(language text)
returns regconfig
language plpgsql stable
set search_path = pg_catalog, pg_temp
as $$
declare
  wanted text;
  found regconfig;
begin
  -- the name is echoed in the error: refuse a long one before echoing it
  if pg_catalog.char_length(language) > 64 then
    raise exception 'document language is % characters; a language name or code has at most 64', pg_catalog.char_length(language)
      using errcode = 'SS601',
            hint = 'Use a configuration name from pg_ts_config (english, german, french, simple …) or an ISO 639-1 code (en, de, fr …).';
  end if;
  wanted := lower(btrim(coalesce(language, '')));
  wanted := case wanted
    when 'ar' then 'arabic' when 'hy' then 'armenian' when 'eu' then 'basque' when 'ca' then 'catalan'
    when 'da' then 'danish' when 'nl' then 'dutch' when 'en' then 'english' when 'fi' then 'finnish'
    when 'fr' then 'french' when 'de' then 'german' when 'el' then 'greek' when 'hi' then 'hindi'
    when 'hu' then 'hungarian' when 'id' then 'indonesian' when 'ga' then 'irish' when 'it' then 'italian'
    when 'lt' then 'lithuanian' when 'ne' then 'nepali' when 'no' then 'norwegian' when 'nb' then 'norwegian'
    when 'pt' then 'portuguese' when 'ro' then 'romanian' when 'ru' then 'russian' when 'sr' then 'serbian'
    when 'es' then 'spanish' when 'sv' then 'swedish' when 'ta' then 'tamil' when 'tr' then 'turkish'
    when 'yi' then 'yiddish'
    else wanted
  end;
  select c.oid::regconfig into found
  from pg_catalog.pg_ts_config c
  join pg_catalog.pg_namespace n on n.oid = c.cfgnamespace
  where n.nspname = 'pg_catalog' and c.cfgname = wanted;
  if found is null then
    raise exception 'unknown document language "%": PostgreSQL has no text search configuration for it', language
      using errcode = 'SS601',
            hint = 'Use a configuration name from pg_ts_config (english, german, french, simple …) or an ISO 639-1 code (en, de, fr …); "simple" indexes words without stemming.';
  end if;
  return found;
end
$$;
comment on function rag.text_search_config(text) is
  'Maps a language name or ISO 639-1 code to a built-in text search configuration; SS601 when there is none.';
revoke execute on function rag.text_search_config(text) from public;
grant execute on function rag.text_search_config(text) to authenticated, service_role;
