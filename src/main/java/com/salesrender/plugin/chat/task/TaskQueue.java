package com.salesrender.plugin.chat.task;

import java.time.Duration;

/**
 * The fast path from a stored task to its worker, on its kind's queue. Enqueuing inside a transaction takes effect on
 * commit. Losing a message loses no work: the database holds the task and the sweeper enqueues it again.
 */
public interface TaskQueue {

    void enqueue(TaskKind<?> kind, String taskId, Duration delay);

    default void enqueue(TaskKind<?> kind, String taskId) {
        enqueue(kind, taskId, Duration.ZERO);
    }
}
