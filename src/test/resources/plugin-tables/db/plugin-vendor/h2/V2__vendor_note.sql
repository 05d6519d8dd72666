-- Run on H2 only: the note tells the test which vendor folder ran.
INSERT INTO notes_note (id, text) VALUES ('vendor', 'h2');
