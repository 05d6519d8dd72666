package com.salesrender.plugin.chat.task;

import java.time.Duration;

/**
 * The fast path from a stored task to its worker. Enqueuing inside a transaction takes effect on commit.
 * Losing a message loses no work: the database holds the task and the sweeper enqueues it again.
 */
public interface TaskQueue {

    enum Lane { CHAT_SEND, CRM_REQUEST }

    void enqueue(Lane lane, String taskId, Duration delay);

    /**
     * Sends the id again shortly, for a message whose task's row was not found. Messages go out after their
     * row commits, so this is a safety net (a database that shows a commit late), bounded by {@code checks}.
     * {@code checks} counts how often this happened to the id.
     */
    void recheck(Lane lane, String taskId, int checks);

    default void enqueue(Lane lane, String taskId) {
        enqueue(lane, taskId, Duration.ZERO);
    }
}
