-- advisor.lint_redundant_index (a project lint): a plain index on the leading columns of a longer or
-- unique index is flagged; identical indexes are duplicate_index's (duplicate_index.sql); indexes
-- that differ in predicate, expression, operator class or order are not.
begin;
select plan(11);

select is_empty($$ select detail from advisor.lint_redundant_index $$, 'no redundant index on the migrated database');

create schema t_dup;
create table t_dup.t (a int, b int, c text, d text);
create index t_a on t_dup.t (a);
create index t_ab on t_dup.t (a, b);
select results_eq($$ select metadata ->> 'index', metadata ->> 'covered_by', level from advisor.lint_redundant_index where metadata ->> 'schema' = 't_dup' $$,
  $$ values ('t_a'::text, 't_ab'::text, 'WARN'::text) $$, 'an index on a leading prefix of another is redundant');

drop index t_dup.t_a;
create index t_ab_again on t_dup.t (a, b);
select is_empty($$ select detail from advisor.lint_redundant_index where metadata ->> 'schema' = 't_dup' $$,
  'two identical indexes are not reported here (duplicate_index reports them)');
drop index t_dup.t_ab_again;
create index t_ab_incl on t_dup.t (a, b) include (c);
select results_eq($$ select metadata ->> 'index', metadata ->> 'covered_by' from advisor.lint_redundant_index where metadata ->> 'schema' = 't_dup' $$,
  $$ values ('t_ab'::text, 't_ab_incl'::text) $$, 'an index with the same keys and INCLUDE columns besides covers a plain one');
drop index t_dup.t_ab_incl;

create unique index t_b_unique on t_dup.t (b);
create index t_b on t_dup.t (b);
select results_eq($$ select metadata ->> 'index', metadata ->> 'covered_by' from advisor.lint_redundant_index where metadata ->> 'schema' = 't_dup' $$,
  $$ values ('t_b'::text, 't_b_unique'::text) $$, 'a plain index identical to a unique one is redundant, the unique one is not');
drop index t_dup.t_b, t_dup.t_b_unique;

create index t_b_partial on t_dup.t (b) where b > 0;
create index t_ba on t_dup.t (b, a) where b > 0;
select is_empty($$ select detail from advisor.lint_redundant_index where metadata ->> 'schema' = 't_dup' $$, 'partial indexes are not compared');

create index t_c_pattern on t_dup.t (c text_pattern_ops);
create index t_cd on t_dup.t (c, d);
select is_empty($$ select detail from advisor.lint_redundant_index where metadata ->> 'schema' = 't_dup' $$, 'another operator class is another index');

create index t_d_desc on t_dup.t (d desc);
create index t_dc on t_dup.t (d, c);
select is_empty($$ select detail from advisor.lint_redundant_index where metadata ->> 'schema' = 't_dup' $$, 'another sort order is another index');

create index t_lower_c on t_dup.t (lower(c));
create index t_lower_c_2 on t_dup.t (lower(c), d);
create index t_d_hash on t_dup.t using hash (d);
select is_empty($$ select detail from advisor.lint_redundant_index where metadata ->> 'schema' = 't_dup' $$, 'expression indexes and other access methods are not compared');

select is_empty($$ select detail from advisor.lints() where name = 'redundant_index' $$, 'advisor.lints() has nothing to report yet');
create index t_a_only on t_dup.t (a);
select is((select metadata ->> 'covered_by' from advisor.lints() where name = 'redundant_index' and metadata ->> 'schema' = 't_dup'), 't_ab', 'advisor.lints() includes it');

select * from finish();
rollback;
