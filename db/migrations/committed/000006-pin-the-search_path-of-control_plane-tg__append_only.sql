--! Previous: sha1:698596dbd5c4ac83bf78b6edf8692ce93b65ae52
--! Hash: sha1:9a9afe80a4b829c3701474d2afa7879a71f8c446
--! Message: pin the search_path of control_plane.tg__append_only

-- The access log's append-only trigger function gets a fixed search_path, like every function
-- (it names no object, but the doctrine lint has no exceptions for trigger functions).
alter function control_plane.tg__append_only() set search_path = '';
