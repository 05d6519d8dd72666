package com.salesrender.plugin.chat.task;

import com.salesrender.plugin.chat.api.PluginReference;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

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

    /**
     * Queues a task known by its id with its reference's share, as fresh work of that reference: a chat's next message,
     * a task the sweeper queues again (its message was lost: the task is late already, and must not wait behind the
     * fresh work of every other reference).
     */
    void enqueue(TaskKind<?> kind, String taskId, PluginReference reference, Duration delay);

    /**
     * Counts a task that goes to its worker with no queue message (stored claimed and handed on,
     * {@link Attempts#runHandedOn}) in its reference's recent load, as one queued: a reference whose work goes straight
     * is as busy as one whose work waits in the queue, and its queued work takes its place accordingly.
     */
    <T extends Task> void countHandedOn(TaskKind<T> kind, T task);

    /**
     * Hands a task's message back to the queue with the priority it had (a message taken while this instance stops, or
     * whose attempt the database failed for a moment): it keeps its place among the fresh work, since it was queued as
     * such. {@code handedBack} counts the hand-backs so far, this one included; the message carries it.
     */
    void handBack(TaskKind<?> kind, String taskId, int priority, Duration delay, int handedBack);

    /**
     * The ids of the tasks whose message waits in this kind's queue now, as the broker shows them to a browser: their
     * message will come, however deep the queue. Messages a consumer holds already, or whose delivery delay has not
     * passed, may be missing. Empty when the broker cannot be browsed.
     */
    Optional<Set<String>> waiting(TaskKind<?> kind);
}
