-- A stand-in plugin's own table (IncomingIT): named with the plugin's prefix, notes_, never a name of the core's.
CREATE TABLE notes_note (
    id   VARCHAR(36)   NOT NULL PRIMARY KEY,
    text VARCHAR(1000) NOT NULL
);
