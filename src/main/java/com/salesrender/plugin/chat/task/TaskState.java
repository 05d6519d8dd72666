package com.salesrender.plugin.chat.task;

/** Where a task stands. QUEUED and RUNNING are live; DONE and FAILED are final and kept. */
public enum TaskState {
    /** Waiting for its next attempt (at {@code next_attempt_at}). */
    QUEUED,
    /** Claimed by a worker until its lease ends. */
    RUNNING,
    /** Delivered. */
    DONE,
    /** Given up after its last attempt; kept for inspection and replay. */
    FAILED,
    /** Refused for good by its receiver (a stop code); no retry. */
    DROPPED
}
