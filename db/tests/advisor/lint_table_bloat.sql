-- advisor.lint_table_bloat (splinter 0020): a table with more than 70 times the pages its live rows
-- need and over 20 MiB spare is reported at INFO. Planted: 150 000 rows of 200 bytes, 99% deleted,
-- analyzed, autovacuum off (a few seconds). VACUUM FULL cannot run in a transaction: the fix here
-- rewrites the live rows the way it would (copy, truncate, insert back).
begin;
select plan(4);

select is_empty($$select detail from advisor.lint_table_bloat where name = 'table_bloat'$$, 'no bloated table on the migrated database');

create table ops.t_bloat (id int primary key, pad text) with (autovacuum_enabled = off);
insert into ops.t_bloat select g, repeat('x', 200) from generate_series(1, 150000) g;
analyze ops.t_bloat;
select is_empty($$select detail from advisor.lint_table_bloat where name = 'table_bloat'$$, 'a large table whose pages are full of live rows is not bloated');

delete from ops.t_bloat where id % 100 <> 0;
analyze ops.t_bloat;
select results_eq($$select level, facing, categories, title, metadata, cache_key from advisor.lints() where name = 'table_bloat'$$,
  $$values ('INFO'::text, 'EXTERNAL'::text, array['PERFORMANCE']::text[], 'Table Bloat'::text,
            '{"schema": "ops", "name": "t_bloat", "type": "table"}'::jsonb, 'table_bloat_ops_t_bloat'::text)$$,
  'with 99% of its rows deleted and not vacuumed, it is reported under splinter''s name, metadata and cache_key');

create temporary table t_bloat_live on commit drop as select * from ops.t_bloat;
truncate ops.t_bloat;
insert into ops.t_bloat select * from t_bloat_live;
analyze ops.t_bloat;
select is_empty($$select detail from advisor.lint_table_bloat where name = 'table_bloat'$$, 'quiet once the live rows are rewritten into a table of their size');

select * from finish();
rollback;
