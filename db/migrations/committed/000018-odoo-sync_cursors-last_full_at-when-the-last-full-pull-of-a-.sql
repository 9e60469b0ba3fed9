--! Previous: sha1:f936cdf32a836d69ec9e9b3d7ab004e68f3ff4e1
--! Hash: sha1:5d121d98ae3e40cbf74df06c9d3b92043a6737e8
--! Message: odoo.sync_cursors.last_full_at: when the last full pull of a model ended

-- Incremental pulls: odoo.sync_cursors also records when the last full pull of a model ended (a
-- full pull is the one that sees records deleted in Odoo). Re-runs cleanly on every save.
alter table odoo.sync_cursors add column if not exists last_full_at timestamptz;
comment on column odoo.sync_cursors.last_full_at is 'When the last full pull of this model finished (NULL: never); `ssot odoo shadow` pulls in full again once it is older than --full-every.';
comment on column odoo.sync_cursors.last_write_date is 'The newest write_date pulled; the next incremental pull reads records with write_date >= it (Odoo keeps seconds: the same second is read again).';
