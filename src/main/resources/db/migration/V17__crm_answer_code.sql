-- The CRM's answer code of a request's last failed attempt (its envelope's attemptLog), in a column of its own
-- instead of read back from the text of last_error. Null: the last attempt got no answer, or none failed yet.
ALTER TABLE crm_request ADD COLUMN answer_code INTEGER;

-- Rows that may still be attempted (live, or FAILED and so replayable) take the code from their error text, as it was
-- read until now ('The CRM answered NNN: ...'); an ended request's log is never sent again, so the rest stay null.
UPDATE crm_request SET answer_code = CAST(SUBSTRING(last_error FROM 18 FOR 3) AS INTEGER)
WHERE state IN ('QUEUED', 'RUNNING', 'FAILED')
  AND last_error LIKE 'The CRM answered %'
  AND SUBSTRING(last_error FROM 18 FOR 1) IN ('0', '1', '2', '3', '4', '5', '6', '7', '8', '9')
  AND SUBSTRING(last_error FROM 19 FOR 1) IN ('0', '1', '2', '3', '4', '5', '6', '7', '8', '9')
  AND SUBSTRING(last_error FROM 20 FOR 1) IN ('0', '1', '2', '3', '4', '5', '6', '7', '8', '9');
