package com.salesrender.plugin.chat.task;

import java.util.Collection;
import java.util.Set;

/**
 * One kind of durable task (a table and its queue), as the shared machinery sees it: all the engine needs to know of
 * it. Each capability that owns tasks provides one as a CDI bean; the sweeper finds them all.
 */
public interface TaskKind<T extends Task> {

    Class<T> type();

    /** Its queue's name on {@code /metrics} (the label {@code queue}): fixed, one per kind. */
    String queueLabel();

    /** The JNDI name of the queue its task ids travel on (the one its message-driven bean listens to). */
    String queue();

    /**
     * Whether the task follows up earlier work of its reference (a later status of a message already reported): it
     * yields to the reference's fresh work on the queue.
     */
    default boolean isFollowUp(T task) {
        return false;
    }

    /** How often and how many times this task is tried. */
    RetryPolicy retryPolicy(T task);

    /**
     * Whether a due, free task may be claimed now: e.g. not while an earlier message of its chat is still live, or not
     * over a cap on the gateway. Asked in the claim's transaction, just before the conditional update.
     */
    default Admission admit(T task) {
        return Admission.GO;
    }

    /**
     * Of these queued, due tasks, those {@link #admit} would hold for another task, whose end (or first failure) wakes
     * them with a message of its own: the sweeps leave them alone, where they would queue each of them again every
     * minute only to be held once more. None by default.
     */
    default Set<String> heldForOthers(Collection<String> ids) {
        return Set.of();
    }

    /**
     * The fields the entity clears itself when the task ends, besides the task's own (what its {@code stateChanged}
     * derives from the state), as JPQL assignments on {@code t}, each after a comma: the update that ends a task done
     * without reading it sets them too. None by default.
     */
    default String clearedWhenEnded() {
        return "";
    }

    /** Whether its tasks belong to messages: a message's history shows them ({@link TaskHistory#ofMessage}). */
    default boolean aboutMessages() {
        return false;
    }

    /**
     * The first line of a task's history, at its creation: read off its row, not stored (see {@link TaskHistory}). Null
     * when the kind records its first event itself.
     */
    default FirstEvent firstEvent(T task) {
        return null;
    }

    /** An event name and its detail. */
    record FirstEvent(String event, String detail) {}

    /** Called inside the transaction that records a failed attempt after which the task will be tried again. */
    default void retrying(T task) {}

    /** Called inside the transaction that ends the task (done, dropped or given up): wake whatever waited for it. */
    default void ended(T task) {}

    /** Called inside the transaction that gives the task up for good (attempts spent). */
    default void givenUp(T task) {}
}
