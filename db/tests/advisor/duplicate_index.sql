-- advisor.lint_duplicate_index: splinter's duplicate_index (0009). Sets of identical indexes (unique
-- ones too) on a table or materialized view, one row naming them all; an index that only leads
-- another is redundant_index's (redundant_index.sql), not a duplicate.
begin;
select plan(9);

select is_empty($$ select detail from advisor.lint_duplicate_index $$, 'no duplicate index on the migrated database');

create schema t_dup;
create table t_dup.t (a int, b int, c text);
create index t_a on t_dup.t (a);
create index t_ab on t_dup.t (a, b);
select is_empty($$ select detail from advisor.lint_duplicate_index where metadata ->> 'schema' = 't_dup' $$, 'a prefix of another index is not a duplicate');

create index t_a2 on t_dup.t (a);
create index t_a1 on t_dup.t (a);
select results_eq($$ select name, level, facing, array(select k from jsonb_object_keys(metadata) k order by k), metadata, cache_key
                      from advisor.lints() where name = 'duplicate_index' and metadata ->> 'schema' = 't_dup' $$,
  $$ values ('duplicate_index'::text, 'WARN'::text, 'EXTERNAL'::text, array['indexes', 'name', 'schema', 'type'],
             '{"schema": "t_dup", "name": "t", "type": "table", "indexes": ["t_a", "t_a1", "t_a2"]}'::jsonb,
             'duplicate_index_t_dup_t_{t_a,t_a1,t_a2}'::text) $$,
  'three identical indexes are one row naming them all, sorted; the cache_key ends with the array');
drop index t_dup.t_a1, t_dup.t_a2;
select is_empty($$ select detail from advisor.lint_duplicate_index where metadata ->> 'schema' = 't_dup' $$, 'quiet once one is left');

create unique index t_b_u1 on t_dup.t (b);
create unique index t_b_u2 on t_dup.t (b);
create index t_b on t_dup.t (b);
select results_eq($$ select metadata -> 'indexes' from advisor.lint_duplicate_index where metadata ->> 'schema' = 't_dup' $$,
  $$ values ('["t_b_u1", "t_b_u2"]'::jsonb) $$, 'identical unique indexes are duplicates; a plain one beside them is not their duplicate');
drop index t_dup.t_b_u2;

create index t_c_a on t_dup.t (c) where a > 0;
create index t_c_b on t_dup.t (c) where b > 0;
create index t_c_desc on t_dup.t (c desc);
create index t_c_pattern on t_dup.t (c text_pattern_ops);
create index t_c_hash on t_dup.t using hash (c);
create index t_c_incl on t_dup.t (c) include (a);
select is_empty($$ select detail from advisor.lint_duplicate_index where metadata ->> 'schema' = 't_dup' $$,
  'another predicate, order, operator class, access method or INCLUDE list is another index');

create materialized view t_dup.mv as select a, b from t_dup.t;
create index mv_a on t_dup.mv (a);
create index mv_a_again on t_dup.mv (a);
select results_eq($$ select metadata ->> 'type', cache_key from advisor.lint_duplicate_index where metadata ->> 'schema' = 't_dup' $$,
  $$ values ('materialized view'::text, 'duplicate_index_t_dup_mv_{mv_a,mv_a_again}'::text) $$, 'a materialized view''s, typed ''materialized view''');
drop index t_dup.mv_a_again;
select is_empty($$ select detail from advisor.lints() where name = 'duplicate_index' $$, 'advisor.lints() has nothing to report once it is dropped');
select results_eq($$ select metadata ->> 'index', metadata ->> 'covered_by' from advisor.lint_redundant_index where metadata ->> 'schema' = 't_dup' order by 1 $$,
  $$ values ('t_a'::text, 't_ab'::text), ('t_b', 't_b_u1') $$,
  'what is not a duplicate but still redundant is the project lint redundant_index''s: a prefix, a plain twin of a unique index');

select * from finish();
rollback;
