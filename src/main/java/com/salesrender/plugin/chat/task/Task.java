package com.salesrender.plugin.chat.task;

import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.platform.Ids;
import jakarta.persistence.Column;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.Transient;

/**
 * What every durable task shares (chat sends, requests to the CRM): its state, its attempts and the claim that lets
 * exactly one worker run it at a time. Times are epoch milliseconds.
 */
@MappedSuperclass
public abstract class Task {

    /** Errors are kept up to this length, as the protocol's attempt log. */
    public static final int MAX_ERROR = 500;

    @Id
    @Column(name = "id", length = 36)
    private String id;

    @Enumerated(EnumType.STRING)
    @Column(name = "state", nullable = false, length = 16)
    private TaskState state;

    @Column(name = "attempt_number", nullable = false)
    private int attemptNumber;

    @Column(name = "attempt_limit", nullable = false)
    private int attemptLimit;

    @Column(name = "last_attempt_at")
    private Long lastAttemptAt;

    @Column(name = "next_attempt_at", nullable = false)
    private long nextAttemptAt;

    /** When its first attempt failed (null while none did); reset when it is queued again with fresh attempts. */
    @Column(name = "first_failed_at")
    private Long firstFailedAt;

    @Column(name = "last_error", length = MAX_ERROR)
    private String lastError;

    @Column(name = "claim_id", length = 36)
    private String claimId;

    @Column(name = "lease_until")
    private Long leaseUntil;

    @Column(name = "enqueued_at", nullable = false)
    private long enqueuedAt;

    @Column(name = "created_at", nullable = false)
    private long createdAt;

    @Column(name = "finished_at")
    private Long finishedAt;

    /**
     * The W3C {@code traceparent} of the span that queued it (tracing on): its attempts join that trace. Null with
     * tracing off, and in rows stored before the column existed.
     */
    @Column(name = "trace_context", length = 64)
    private String traceContext;

    /** When the attempt before the running one was made (it failed, or it was given back), as read by the claim. */
    @Transient
    private Long previousAttemptAt;

    protected Task() {}

    /** Whose task this is. */
    public abstract PluginReference reference();

    /** The CRM message the task is about, if any (its history is found by it). */
    public abstract String messageId();

    protected Task(int attemptLimit, long now) {
        this.id = Ids.random();
        this.state = TaskState.QUEUED;
        this.attemptLimit = attemptLimit;
        this.nextAttemptAt = now;
        this.enqueuedAt = now;
        this.createdAt = now;
    }

    /** Sets the attempt limit of a task not stored yet, for kinds whose limit depends on the task. */
    protected void limitAttempts(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("attempt limit must be at least 1");
        }
        attemptLimit = limit;
    }

    /** Sets when a task not stored yet is first due (it is queued with that delay). */
    protected void dueAt(long due) {
        nextAttemptAt = due;
    }

    /** Records a failed attempt: queued again for {@code nextAttemptAt}, or FAILED when the attempts are spent. */
    void fail(String error, boolean spent, long now, long nextAttempt) {
        recordError(error);
        lastAttemptAt = now;
        if (firstFailedAt == null) {
            firstFailedAt = now;
        }
        releaseClaim();
        if (spent) {
            finish(TaskState.FAILED, now);
        } else {
            state = TaskState.QUEUED;
            nextAttemptAt = nextAttempt;
            enqueuedAt = now;
            stateChanged();
        }
    }

    void release(long now, long nextAttempt) {
        releaseClaim();
        attemptNumber = Math.max(0, attemptNumber - 1);
        state = TaskState.QUEUED;
        nextAttemptAt = nextAttempt;
        enqueuedAt = now;
        stateChanged();
    }

    /** Queues a given-up task again with all its attempts, as if new. */
    void replay(long now) {
        state = TaskState.QUEUED;
        attemptNumber = 0;
        nextAttemptAt = now;
        enqueuedAt = now;
        finishedAt = null;
        firstFailedAt = null;
        releaseClaim();
        stateChanged();
    }

    void finish(TaskState finalState, long now, String note) {
        if (note != null) {
            recordError(note);
        }
        finish(finalState, now);
    }

    void finish(TaskState finalState, long now) {
        state = finalState;
        finishedAt = now;
        releaseClaim();
        stateChanged();
    }

    /** Sets the trace its attempts join (null: none), when it is queued as new work. */
    public void traceContext(String traceparent) {
        traceContext = traceparent;
    }

    /** The trace its attempts join; null when none. */
    public String traceContext() {
        return traceContext;
    }

    /** Called after each change of state made through the entity, for what a kind of task derives from it. */
    protected void stateChanged() {}

    private void recordError(String error) {
        lastError = truncate(error);
        errorRecorded();
    }

    /** Called when a new error (or final note) replaces the last one, for what a kind of task keeps beside it. */
    protected void errorRecorded() {}

    private void releaseClaim() {
        claimId = null;
        leaseUntil = null;
    }

    /** Its queue message was sent again just now (the sweeper leaves it alone meanwhile). */
    void enqueued(long now) {
        enqueuedAt = now;
    }

    boolean isAbandoned(long now) {
        return state == TaskState.RUNNING && leaseUntil != null && leaseUntil < now;
    }

    static String truncate(String error) {
        if (error == null) {
            return null;
        }
        // An error text comes from outside (a gateway, the CRM's answer): PostgreSQL would refuse a NUL in it.
        String text = error.replace('\u0000', '\uFFFD');
        return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR - 3) + "...";
    }

    public String id() {
        return id;
    }

    public TaskState state() {
        return state;
    }

    /** Attempts made so far, counting the one running now. */
    public int attemptNumber() {
        return attemptNumber;
    }

    public int attemptLimit() {
        return attemptLimit;
    }

    /**
     * For a claimed task: when the attempt before this one ended in failure (or started, if it did not end so); null
     * for the first.
     */
    public Long previousAttemptAt() {
        return previousAttemptAt;
    }

    /** What the claim's update wrote to the row, applied to the copy read before it. */
    void claimed(String claim, long lease, long now) {
        previousAttemptAt = lastAttemptAt;
        state = TaskState.RUNNING;
        claimId = claim;
        leaseUntil = lease;
        attemptNumber++;
        lastAttemptAt = now;
    }

    /** When its last queue message went out. */
    long enqueuedAt() {
        return enqueuedAt;
    }

    public Long lastAttemptAt() {
        return lastAttemptAt;
    }

    public Long firstFailedAt() {
        return firstFailedAt;
    }

    /** Whether the failure just recorded was its first one. */
    public boolean firstFailureJustRecorded() {
        return firstFailedAt != null && firstFailedAt.equals(lastAttemptAt);
    }

    public String lastError() {
        return lastError;
    }

    public String claimId() {
        return claimId;
    }

    public long createdAt() {
        return createdAt;
    }

    public Long finishedAt() {
        return finishedAt;
    }

    public Long leaseUntil() {
        return leaseUntil;
    }

    public long nextAttemptAt() {
        return nextAttemptAt;
    }
}
