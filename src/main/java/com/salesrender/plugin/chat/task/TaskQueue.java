package com.salesrender.plugin.chat.task;

import com.salesrender.plugin.chat.api.PluginReference;
import java.time.Duration;

/**
 * The fast path from a stored task to its worker, on its kind's queue. Enqueuing inside a transaction takes effect on
 * commit. Losing a message loses no work: the database holds the task and the sweeper enqueues it again.
 *
 * <p>Dispatch is fair across plugin references ({@link FairShare}): a task of a reference that queued little lately
 * goes ahead of the backlog of one that queued much.
 */
public interface TaskQueue {

    /** Queues a stored task, its place among the queue's tasks set by its reference's recent load. */
    <T extends Task> void enqueue(TaskKind<T> kind, T task, Duration delay);

    default <T extends Task> void enqueue(TaskKind<T> kind, T task) {
        enqueue(kind, task, Duration.ZERO);
    }

    /** Queues a task known by its id that is fresh work of this reference (a chat's next message, say). */
    void enqueue(TaskKind<?> kind, String taskId, PluginReference reference, Duration delay);

    /**
     * Queues a task again by its id alone (the sweeper, a hand-back while stopping): behind the fresh work of every
     * reference, as it is either late already or was queued before.
     */
    void requeue(TaskKind<?> kind, String taskId, Duration delay);
}
