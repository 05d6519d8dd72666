-- Events of one transaction can share a millisecond: a sequence keeps them in the order they happened.
ALTER TABLE task_event ADD COLUMN seq BIGINT;
UPDATE task_event SET seq = at * 1000;
