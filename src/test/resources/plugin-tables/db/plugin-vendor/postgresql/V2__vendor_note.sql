-- Run on PostgreSQL only: the note tells the test which vendor folder ran.
INSERT INTO notes_note (id, text) VALUES ('vendor', 'postgresql');
