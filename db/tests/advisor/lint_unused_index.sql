-- advisor.lint_unused_index (splinter 0005): indexes of ours never scanned, unique and primary-key
-- ones excepted. It reads the statistics, so on a freshly migrated database every plain index of
-- ours shows at INFO until the queries using it have run (expected, as in splinter): the quiet case
-- here is a table whose indexes are all unique or primary.
begin;
select plan(5);

select is_empty($$select detail from advisor.lint_unused_index where name = 'unused_index' and level <> 'INFO'$$, 'only ever INFO');

create table ops.t_keys (id int primary key, code text unique, label text);
create unique index t_keys_label on ops.t_keys (lower(label));
select is_empty($$select detail from advisor.lint_unused_index where name = 'unused_index' and metadata ->> 'name' = 't_keys'$$,
  'a table whose indexes are all primary or unique is not reported, scanned or not');

create index t_keys_label_plain on ops.t_keys (label);
select results_eq($$select level, facing, categories, title, metadata, cache_key from advisor.lints() where name = 'unused_index' and metadata ->> 'name' = 't_keys'$$,
  $$values ('INFO'::text, 'EXTERNAL'::text, array['PERFORMANCE']::text[], 'Unused Index'::text,
            '{"schema": "ops", "name": "t_keys", "type": "table"}'::jsonb, 'unused_index_ops_t_keys_t_keys_label_plain'::text)$$,
  'a plain index never scanned is reported under splinter''s name; the metadata names the table, the cache_key the index too');
drop index ops.t_keys_label_plain;
select is_empty($$select detail from advisor.lint_unused_index where name = 'unused_index' and metadata ->> 'name' = 't_keys'$$, 'quiet once it is dropped');

create table tests.t_keys (id int primary key, label text);
create index on tests.t_keys (label);
select is_empty($$select detail from advisor.lint_unused_index where name = 'unused_index' and metadata ->> 'schema' = 'tests'$$,
  'indexes in schemas not ours are not reported');

select * from finish();
rollback;
