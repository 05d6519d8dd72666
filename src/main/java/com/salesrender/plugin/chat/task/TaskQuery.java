package com.salesrender.plugin.chat.task;

/**
 * The queries of the task life cycle ({@link TaskStore}), each written once and named here, for every task entity
 * ({@code {entity}}: its entity name, the simple name of its class).
 *
 * <p>Why one query class rather than {@code @NamedQuery} on the entities: the task tables share every column the
 * queries touch, so named queries per entity would write each query again on every task entity (three today, plus any
 * kind added later), and the copies could drift apart. Here each has one text and the claim rule one definition.
 */
enum TaskQuery {

    /** The task with this id, if it may be claimed now (the read before the claim's conditional update). */
    CLAIMABLE("SELECT t FROM {entity} t WHERE t.id = :id AND " + Rule.CLAIMABLE),

    /**
     * The claim: wins only if the row is still as it was read (its attempt count and last enqueueing) and still
     * claimable. Plain conditions on the row only: a subquery here made EclipseLink's UPDATE scan the table on H2. The
     * attempt count is set to {@code :next} (the one read, plus one), not counted up in SQL: on H2, EclipseLink writes
     * an update with arithmetic as a plain statement, its values in the text, parsed anew on every claim.
     */
    CLAIM("UPDATE {entity} t SET t.state = :running, t.claimId = :claim,"
            + " t.leaseUntil = :lease, t.attemptNumber = :next, t.lastAttemptAt = :now"
            + " WHERE t.id = :id AND t.attemptNumber = :seen AND t.enqueuedAt = :enqueued AND " + Rule.CLAIMABLE),

    /**
     * Ends a claimed task DONE if its claim still holds ({@code {cleared}}: what its kind clears besides, see
     * {@link TaskKind#clearedWhenEnded}).
     */
    DONE("UPDATE {entity} t SET t.state = :done, t.finishedAt = :now, t.claimId = NULL, t.leaseUntil = NULL{cleared}"
            + " WHERE t.id = :id AND t.claimId = :claim AND t.state = :running"),

    /**
     * Stuck and queued, with attempts left, the longest due first: to be queued again, each with its reference's share
     * (every task entity embeds its {@code reference}).
     */
    STUCK_QUEUED_TO_REQUEUE("SELECT t.id, t.reference FROM {entity} t WHERE " + Rule.STUCK_QUEUED + " AND "
            + Rule.ATTEMPTS_LEFT + " ORDER BY t.nextAttemptAt"),

    /** Stuck and running (its lease ran out), with attempts left, the longest expired first: to be queued again. */
    STUCK_RUNNING_TO_REQUEUE("SELECT t.id, t.reference FROM {entity} t WHERE " + Rule.STUCK_RUNNING + " AND "
            + Rule.ATTEMPTS_LEFT + " ORDER BY t.leaseUntil"),

    /** Their queue message went out just now. */
    ENQUEUED("UPDATE {entity} t SET t.enqueuedAt = :now WHERE t.id IN :ids"),

    /** How many tasks are in each state (states without any are left out). */
    COUNT_BY_STATE("SELECT t.state, COUNT(t) FROM {entity} t GROUP BY t.state"),

    /**
     * When the task due longest became due (its first row only): ordered by both columns of the (state,
     * next_attempt_at) index, so H2 reads one index entry instead of every due one (MIN(...) read them all).
     */
    OLDEST_DUE(
            "SELECT t.nextAttemptAt FROM {entity} t WHERE " + Rule.QUEUED_DUE + " ORDER BY t.state, t.nextAttemptAt"),

    COUNT_STUCK_QUEUED("SELECT COUNT(t) FROM {entity} t WHERE " + Rule.STUCK_QUEUED),

    COUNT_STUCK_RUNNING("SELECT COUNT(t) FROM {entity} t WHERE " + Rule.STUCK_RUNNING),

    STUCK_QUEUED_NEWEST_FIRST("SELECT t FROM {entity} t WHERE " + Rule.STUCK_QUEUED + " ORDER BY t.createdAt DESC"),

    STUCK_RUNNING_NEWEST_FIRST("SELECT t FROM {entity} t WHERE " + Rule.STUCK_RUNNING + " ORDER BY t.createdAt DESC"),

    /** Claimed tasks whose lease ran out on their last attempt. */
    ABANDONED("SELECT t.id FROM {entity} t WHERE " + Rule.LEASE_RUN_OUT + " AND t.attemptNumber >= t.attemptLimit"),

    /** Tasks that ended in a state before a time, oldest first (by the (state, finished_at) index). */
    ENDED_BEFORE("SELECT t.id FROM {entity} t WHERE t.state = :state AND t.finishedAt < :before ORDER BY t.finishedAt"),

    /** Deletes these tasks if they are still in the state (a FAILED task replayed meanwhile is live and stays). */
    DELETE_ENDED("DELETE FROM {entity} t WHERE t.id IN :ids AND t.state = :state"),

    /** Deletes the history of these tasks where the task went. */
    DELETE_HISTORY("DELETE FROM TaskEvent e WHERE e.taskId IN :ids AND NOT EXISTS"
            + " (SELECT t.id FROM {entity} t WHERE t.id = e.taskId)");

    /** The conditions the queries share, each defined once ({@code :queued}, {@code :running}: those states). */
    static final class Rule {
        /** Queued and its time has come. */
        static final String QUEUED_DUE = "t.state = :queued AND t.nextAttemptAt <= :now";
        /** Claimed, and its worker stopped renewing the lease (it died, or its instance stopped). */
        static final String LEASE_RUN_OUT = "t.state = :running AND t.leaseUntil < :now";

        static final String ATTEMPTS_LEFT = "t.attemptNumber < t.attemptLimit";
        /** The claim rule: due either way, with an attempt left. */
        static final String CLAIMABLE = ATTEMPTS_LEFT + " AND ((" + QUEUED_DUE + ") OR (" + LEASE_RUN_OUT + "))";
        /** Due while its last queue message went out before {@code :stale}: no message will bring it to a worker. */
        static final String STUCK_QUEUED = QUEUED_DUE + " AND t.enqueuedAt < :stale";

        static final String STUCK_RUNNING = LEASE_RUN_OUT + " AND t.enqueuedAt < :stale";

        private Rule() {}
    }

    private final String template;

    TaskQuery(String template) {
        this.template = template;
    }

    /** The query on this task entity's table. */
    String jpql(Class<? extends Task> type) {
        return template.replace("{entity}", type.getSimpleName());
    }

    /** The query on this kind's table, with what the kind clears when a task ends ({@code {cleared}}). */
    String jpql(TaskKind<?> kind) {
        return jpql(kind.type()).replace("{cleared}", kind.clearedWhenEnded());
    }
}
