-- The (chat_key, accepted_seq) index of V5 has had no reader since V8: a chat's order is read by live_chat_key
-- (chat_send_task_live_chat), for live messages only. It was still written for every message stored, one B-tree more
-- in every accept's commit (on H2 each commit writes every page it changed before it returns).
DROP INDEX IF EXISTS chat_send_task_chat;
