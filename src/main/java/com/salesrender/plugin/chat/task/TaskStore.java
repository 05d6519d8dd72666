package com.salesrender.plugin.chat.task;

import com.salesrender.plugin.chat.access.StoredReference;
import com.salesrender.plugin.chat.platform.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import jakarta.persistence.Table;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The task life cycle on any task table: claim, complete, fail, release, sweep. Workers call it without a transaction,
 * so each call is one short transaction of its own and the work between claim and outcome (a gateway or CRM call) never
 * holds one open; a caller that must record more in the same transaction (an outcome and what follows from it) calls it
 * from its own transaction.
 */
@ApplicationScoped
@Transactional
public class TaskStore {

    @PersistenceContext
    EntityManager em;

    @Inject
    TaskQueue queue;

    @Inject
    TaskHistory history;

    @Inject
    Attempts attempts;

    /** How long a due task may wait for its queue message before it counts as stuck. */
    @Inject
    @ConfigProperty(name = "plugin.queue.stale-after")
    Duration staleAfter;

    /** A sweep reads at most this many stale queued tasks a call, when most of them wait for their turn. */
    private static final int MOST_READ = 50_000;

    /**
     * Claims the task for one attempt, if it is due, nobody holds it and its kind admits it: a conditional update, so
     * two workers (two deliveries, two servers) can never both win. Counts the attempt.
     */
    public <T extends Task> Optional<Claim<T>> claim(TaskKind<T> kind, String id) {
        Class<T> type = kind.type();
        long now = System.currentTimeMillis();
        // Read only if claimable: the same rule the conditional update checks again, atomically.
        T task = em.createQuery(TaskQuery.CLAIMABLE.jpql(type), type)
                .setParameter("id", id)
                .setParameter("queued", TaskState.QUEUED)
                .setParameter("running", TaskState.RUNNING)
                .setParameter("now", now)
                .getResultStream()
                .findFirst()
                .orElse(null);
        if (task == null) {
            return Optional.empty();
        }
        Admission admission = kind.admit(task);
        if (!admission.go()) {
            if (admission.retryAfter() != null) {
                task.enqueued(now);
                queue.enqueue(kind, task, admission.retryAfter());
            }
            return Optional.empty();
        }
        now = System.currentTimeMillis(); // admission may have waited for a lock: the attempt starts now
        Duration lease = attempts.lease();
        String claimId = Ids.random();
        int claimed = em.createQuery(TaskQuery.CLAIM.jpql(type))
                .setParameter("running", TaskState.RUNNING)
                .setParameter("queued", TaskState.QUEUED)
                .setParameter("claim", claimId)
                .setParameter("lease", now + lease.toMillis())
                .setParameter("now", now)
                .setParameter("id", id)
                .setParameter("seen", task.attemptNumber())
                .setParameter("next", task.attemptNumber() + 1)
                .setParameter("enqueued", task.enqueuedAt())
                // No query hint on the claim's queries or the end's update: EclipseLink binds their parameters as they
                // are (one cached statement each; see TaskQuery.CLAIM for the one thing that would stop it on H2), and
                // a hint such as bind-parameters marks a query unprepared, so each execution built its SQL again (7%
                // of the server's CPU in a profile on PostgreSQL).
                .executeUpdate();
        em.detach(task);
        if (claimed != 1) {
            return Optional.empty();
        }
        attempts.held(type, claimId);
        if (task.state() == TaskState.RUNNING) {
            // Its worker stopped renewing the lease (it died, or its instance was stopped past the grace): the gateway
            // may have had this message already, so a second call is possible; the history says why.
            history.record(
                    task,
                    TaskHistory.TAKEN_OVER,
                    "The worker of attempt " + task.attemptNumber() + " stopped renewing its lease");
        }
        // The row is what was read plus this update: its attempt count and its last enqueueing (which every other
        // change of a live task moves, replays and requeues included) were still the ones read. No need to read it
        // again.
        task.claimed(claimId, now + lease.toMillis(), now);
        return Optional.of(new Claim<>(task, claimId));
    }

    /**
     * Stores a new task already claimed by the running attempt, which runs its first attempt itself once the caller's
     * transaction commits: no queue message goes out. Its lease is renewed while that attempt runs; if the attempt dies
     * with its instance, the lease runs out and the takeover sweep queues the task, as any claimed one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T extends Task> Claim<T> storeClaimed(TaskKind<T> kind, T task) {
        long now = System.currentTimeMillis();
        String claimId = Ids.random();
        task.claimed(claimId, now + attempts.lease().toMillis(), now);
        em.persist(task);
        attempts.held(kind.type(), claimId);
        return new Claim<>(task, claimId);
    }

    /**
     * Ends a claimed task DONE: one conditional update, with no read of the row first (a locking read of every column,
     * the payload among them, and the copy EclipseLink keeps to find what changed: twice per message, for the message
     * and its status request). {@code claimed} is the claim's copy of the task, which has all the history and the kind
     * need. False when the claim was lost (its lease ran out and another worker took it).
     */
    public <T extends Task> boolean done(TaskKind<T> kind, T claimed, String claimId) {
        long now = System.currentTimeMillis();
        int ended = em.createQuery(TaskQuery.DONE.jpql(kind))
                .setParameter("done", TaskState.DONE)
                .setParameter("now", now)
                .setParameter("id", claimed.id())
                .setParameter("claim", claimId)
                .setParameter("running", TaskState.RUNNING)
                .executeUpdate();
        if (ended != 1) {
            return false;
        }
        // The history's DONE is read off the row (TaskHistory): nothing more to write.
        kind.ended(claimed);
        return true;
    }

    /**
     * Ends a claimed task in a final state. False when the claim was lost (its lease ran out and another worker took
     * it).
     */
    public <T extends Task> boolean finish(
            TaskKind<T> kind, String id, String claimId, TaskState finalState, String note) {
        T task = em.find(kind.type(), id, LockModeType.PESSIMISTIC_WRITE);
        if (task == null || !claimId.equals(task.claimId())) {
            return false;
        }
        task.finish(finalState, System.currentTimeMillis(), note);
        if (finalState != TaskState.DONE) { // a DONE is read off the row (TaskHistory)
            history.record(task, finalState == TaskState.DROPPED ? TaskHistory.DROPPED : finalState.name(), note);
        }
        kind.ended(task);
        return true;
    }

    /**
     * Records a failed attempt. While attempts remain, the task is queued again with a delayed message; otherwise it
     * becomes FAILED and stays in the database.
     */
    public <T extends Task> Failure fail(TaskKind<T> kind, String id, String claimId, String error) {
        return fail(kind, id, claimId, error, false);
    }

    /**
     * Records a failed attempt that can never succeed: the task is given up at once, its remaining attempts unused,
     * exactly as when its last attempt fails (so what a kind does for a task given up happens here too).
     */
    public <T extends Task> Failure failForGood(TaskKind<T> kind, String id, String claimId, String error) {
        return fail(kind, id, claimId, error, true);
    }

    private <T extends Task> Failure fail(TaskKind<T> kind, String id, String claimId, String error, boolean forGood) {
        T task = em.find(kind.type(), id, LockModeType.PESSIMISTIC_WRITE);
        if (task == null || !claimId.equals(task.claimId())) {
            return Failure.CLAIM_LOST;
        }
        long now = System.currentTimeMillis();
        RetryPolicy policy = kind.retryPolicy(task);
        boolean spent = forGood || policy.isSpent(task.attemptNumber()) || task.attemptNumber() >= task.attemptLimit();
        long next = policy.nextAttemptAt(now, task.attemptNumber());
        task.fail(error, spent, now, next);
        history.record(task, TaskHistory.ATTEMPT_FAILED, error);
        if (spent) {
            history.record(
                    task,
                    TaskHistory.GIVEN_UP,
                    forGood
                            ? "Failed for good on attempt " + task.attemptNumber()
                            : "After " + task.attemptNumber() + " attempts");
            kind.givenUp(task);
            kind.ended(task);
            return Failure.GIVEN_UP;
        }
        kind.retrying(task);
        queue.enqueue(kind, task, Duration.ofMillis(Math.max(0, next - now)));
        return Failure.WILL_RETRY;
    }

    public enum Failure {
        WILL_RETRY,
        GIVEN_UP,
        CLAIM_LOST
    }

    /** Queues a FAILED task again with a fresh set of attempts. False when it is not FAILED (or not there). */
    public <T extends Task> boolean replay(TaskKind<T> kind, String id, String who) {
        return replay(kind, id, TaskHistory.REPLAYED, who);
    }

    /** {@link #replay(TaskKind, String, String) Replays} a FAILED task, recorded in its history as {@code event}. */
    public <T extends Task> boolean replay(TaskKind<T> kind, String id, String event, String detail) {
        T task = em.find(kind.type(), id, LockModeType.PESSIMISTIC_WRITE);
        if (task == null || task.state() != TaskState.FAILED) {
            return false;
        }
        task.replay(System.currentTimeMillis());
        history.record(task, event, detail);
        queue.enqueue(kind, task);
        return true;
    }

    /**
     * Gives a claimed task back without counting the attempt (it did not really run: it had to wait for something), to
     * be tried again after {@code delay}.
     */
    public <T extends Task> boolean release(
            TaskKind<T> kind, String id, String claimId, Duration delay, String reason) {
        T task = em.find(kind.type(), id, LockModeType.PESSIMISTIC_WRITE);
        if (task == null || !claimId.equals(task.claimId())) {
            return false;
        }
        long now = System.currentTimeMillis();
        task.release(now, now + delay.toMillis());
        if (reason != null) {
            history.record(task, TaskHistory.WAITED, reason);
        }
        queue.enqueue(kind, task, delay);
        return true;
    }

    /**
     * Renews the leases of these claims (of running attempts of this instance) to {@code until}, never shortening one,
     * in a transaction of its own. A claim that ended meanwhile, or was taken over, is not touched.
     *
     * <p>A row another transaction holds is skipped, not waited for: it is being written (its outcome, most often, in a
     * group of several), and a renewal that waited while holding the rows it had renewed could close a circle with that
     * writer (on PostgreSQL a deadlock, found after a second, failing one of the two). A claim skipped whose writer
     * then rolls back is renewed by the next round, a third of a lease later.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public int renew(Class<? extends Task> type, Collection<String> claimIds, long until) {
        if (claimIds.isEmpty()) {
            return 0;
        }
        String table = type.getAnnotation(Table.class).name();
        StringBuilder claims = new StringBuilder();
        for (int i = 0; i < claimIds.size(); i++) {
            claims.append(i == 0 ? "" : ",").append('?').append(i + 3);
        }
        Query renew = em.createNativeQuery("UPDATE " + table + " SET lease_until = ?1 WHERE id IN (SELECT id FROM "
                        + table + " WHERE claim_id IN (" + claims + ") AND state = ?2 AND lease_until < ?1"
                        + " FOR UPDATE SKIP LOCKED)")
                .setParameter(1, until)
                .setParameter(2, TaskState.RUNNING.name());
        int position = 3;
        for (String claimId : claimIds) {
            renew.setParameter(position++, claimId);
        }
        return renew.executeUpdate();
    }

    /**
     * Puts stuck tasks that still have attempts back on the queue (claimed tasks whose lease ran out on their last
     * attempt are given up instead, by {@link #giveUpAbandoned}), except those whose message still {@code waiting} in
     * the queue shows: a deep queue, not a lost message. Answers how many.
     */
    public int sweep(TaskKind<?> kind, int limit, Supplier<Set<String>> waiting) {
        long now = System.currentTimeMillis();
        return requeue(
                kind, now, now - staleAfter.toMillis(), now - attempts.lease().toMillis(), limit, waiting);
    }

    /**
     * Puts back on the queue the running tasks whose worker stopped renewing their lease (it died, or its instance
     * stopped before the attempt ended), which have attempts left. Answers how many.
     */
    public int takeOver(TaskKind<?> kind, int limit) {
        long now = System.currentTimeMillis();
        return requeue(kind, now, null, now - attempts.lease().toMillis(), limit, Set::of);
    }

    /**
     * Puts due tasks whose last queue message went out before {@code before} back on the queue, however recently: at
     * start, what this instance's broker held may be gone with it (its messages are not persistent), except those whose
     * message {@code waiting} shows in the queue (a shared broker kept them). A message that was still on its way meets
     * a claimed task and does nothing. Answers how many.
     */
    public int sweepEnqueuedBefore(TaskKind<?> kind, long before, int limit, Supplier<Set<String>> waiting) {
        return requeue(kind, System.currentTimeMillis(), before, before, limit, waiting);
    }

    /**
     * Queues again the due tasks with attempts left whose last queue message went out before {@code queuedBefore}
     * (queued and due; null: none of those) or {@code runningBefore} (lease run out). A running task is queued again
     * one lease after its last queue message at the earliest: its lease, renewed while its worker lived, ran out at
     * least that long after it, and once queued again it waits one more lease before it is queued once more.
     *
     * <p>A queued task is left alone when its message is in the queue ({@code waiting}: behind others) or when its kind
     * holds it for another task whose end wakes it ({@link TaskKind#heldForOthers}): under a burst the sweep queued
     * thousands of those again each minute, a second message and a claim each, in 500-row updates the workers' claims
     * waited for. The stale ones are read a page at a time, up to {@link #MOST_READ} rows, until {@code limit} are
     * found that are neither.
     */
    private int requeue(
            TaskKind<?> kind,
            long now,
            Long queuedBefore,
            long runningBefore,
            int limit,
            Supplier<Set<String>> waiting) {
        Class<? extends Task> type = kind.type();
        List<Object[]> stuck = new ArrayList<>(); // id, reference
        if (queuedBefore != null) {
            TypedQuery<Object[]> stale =
                    stuck(type, Stuck.QUEUED_DUE, Stuck.QUEUED_DUE.toRequeue, Object[].class, now, queuedBefore);
            Set<String> read = new HashSet<>(); // pages by offset may repeat a row of equal next_attempt_at
            for (int first = 0; stuck.size() < limit && first < MOST_READ; first += limit) {
                List<Object[]> page =
                        stale.setFirstResult(first).setMaxResults(limit).getResultList();
                if (page.isEmpty()) {
                    break;
                }
                Set<String> inQueue = waiting.get();
                List<Object[]> notWaiting = page.stream()
                        .filter(row -> read.add((String) row[0]) && !inQueue.contains((String) row[0]))
                        .toList();
                Set<String> held = kind.heldForOthers(
                        notWaiting.stream().map(row -> (String) row[0]).toList());
                notWaiting.stream()
                        .filter(row -> !held.contains((String) row[0]))
                        .limit(limit - stuck.size())
                        .forEach(stuck::add);
                if (page.size() < limit) {
                    break;
                }
            }
        }
        if (stuck.size() < limit) {
            stuck.addAll(
                    stuck(type, Stuck.LEASE_RUN_OUT, Stuck.LEASE_RUN_OUT.toRequeue, Object[].class, now, runningBefore)
                            .setMaxResults(limit - stuck.size())
                            .getResultList());
        }
        if (stuck.isEmpty()) {
            return 0;
        }
        em.createQuery(TaskQuery.ENQUEUED.jpql(type))
                .setParameter("now", now)
                .setParameter("ids", stuck.stream().map(row -> (String) row[0]).toList())
                .executeUpdate();
        // Each with its reference's share: a task whose message was lost (a crash, the broker away) is late already,
        // and must not wait behind the fresh work of every other reference, as it did at the lowest priority.
        stuck.forEach(row -> queue.enqueue(kind, (String) row[0], ((StoredReference) row[1]).value(), Duration.ZERO));
        return stuck.size();
    }

    /** How many tasks of this type are in each state (every state, zero where there are none). */
    public Map<TaskState, Long> countByState(Class<? extends Task> type) {
        Map<TaskState, Long> counts = new EnumMap<>(TaskState.class);
        for (TaskState state : TaskState.values()) {
            counts.put(state, 0L);
        }
        em.createQuery(TaskQuery.COUNT_BY_STATE.jpql(type), Object[].class)
                .getResultList()
                .forEach(row -> counts.put((TaskState) row[0], ((Number) row[1]).longValue()));
        return counts;
    }

    /** How many tasks of this type are {@linkplain #stuck stuck}. */
    public long countStuck(Class<? extends Task> type) {
        long now = System.currentTimeMillis();
        long count = 0;
        for (Stuck branch : Stuck.values()) {
            count += stuck(type, branch, branch.count, Long.class, now, staleBefore(branch, now))
                    .getSingleResult();
        }
        return count;
    }

    /**
     * The time a stuck task's last queue message went out before: stale-after ago if queued, a lease ago if running.
     */
    private long staleBefore(Stuck branch, long now) {
        return now - (branch == Stuck.QUEUED_DUE ? staleAfter : attempts.lease()).toMillis();
    }

    /** One page of the {@linkplain #stuck stuck} tasks of this type, newest first. */
    public <T extends Task> List<T> stuck(Class<T> type, int first, int max) {
        long now = System.currentTimeMillis();
        // The page of both branches together lies within the first (first + max) of each, merged newest first.
        List<T> both = new ArrayList<>();
        for (Stuck branch : Stuck.values()) {
            both.addAll(stuck(type, branch, branch.newestFirst, type, now, staleBefore(branch, now))
                    .setMaxResults((int) Math.min((long) first + max, Integer.MAX_VALUE))
                    .getResultList());
        }
        both.sort(Comparator.comparingLong(Task::createdAt).reversed());
        return List.copyOf(both.subList(Math.min(first, both.size()), Math.min(first + max, both.size())));
    }

    /**
     * Stuck: due (queued and due, or claimed by a worker whose lease ran out) while its last queue message went out
     * longer than {@code plugin.queue.stale-after} ago (a lease ago for a running one), so no message will bring it to
     * a worker: the message was lost (a crash, the broker away) or its worker died. The sweepers queue these again.
     * ({@code stale}: the time its last message must be older than.) One query per branch: each uses its index ((state,
     * next_attempt_at), (state, lease_until)), where one query with both branches joined by OR made H2 scan the whole
     * table (p50 289 ms at 203,000 rows, against 2.5 ms).
     */
    private <R> TypedQuery<R> stuck(
            Class<? extends Task> type, Stuck branch, TaskQuery query, Class<R> result, long now, long stale) {
        return em.createQuery(query.jpql(type), result)
                .setParameter(branch.stateParameter, branch.state)
                .setParameter("now", now)
                .setParameter("stale", stale);
    }

    /** The two ways a task is due with no message on its way to a worker (see {@link #stuck}), and their queries. */
    private enum Stuck {
        QUEUED_DUE(
                TaskState.QUEUED,
                "queued",
                TaskQuery.STUCK_QUEUED_TO_REQUEUE,
                TaskQuery.COUNT_STUCK_QUEUED,
                TaskQuery.STUCK_QUEUED_NEWEST_FIRST),
        LEASE_RUN_OUT(
                TaskState.RUNNING,
                "running",
                TaskQuery.STUCK_RUNNING_TO_REQUEUE,
                TaskQuery.COUNT_STUCK_RUNNING,
                TaskQuery.STUCK_RUNNING_NEWEST_FIRST);

        final TaskState state;
        final String stateParameter;
        final TaskQuery toRequeue;
        final TaskQuery count;
        final TaskQuery newestFirst;

        Stuck(TaskState state, String stateParameter, TaskQuery toRequeue, TaskQuery count, TaskQuery newestFirst) {
            this.state = state;
            this.stateParameter = stateParameter;
            this.toRequeue = toRequeue;
            this.count = count;
            this.newestFirst = newestFirst;
        }
    }

    /** Claimed tasks whose lease ran out on their last attempt: no outcome was recorded, and none may follow. */
    public <T extends Task> List<String> giveUpAbandoned(TaskKind<T> kind, int limit) {
        Class<T> type = kind.type();
        long now = System.currentTimeMillis();
        List<String> ids = em.createQuery(TaskQuery.ABANDONED.jpql(type), String.class)
                .setParameter("running", TaskState.RUNNING)
                .setParameter("now", now)
                .setMaxResults(limit)
                .getResultList();
        List<String> givenUp = new ArrayList<>();
        for (String id : ids) {
            T task = em.find(type, id, LockModeType.PESSIMISTIC_WRITE);
            // Re-checked under the lock: the worker may have recorded its outcome meanwhile.
            if (task != null && task.isAbandoned(now)) {
                task.fail("No outcome was recorded before the claim's lease ran out", true, now, now);
                history.record(task, TaskHistory.GIVEN_UP, task.lastError());
                kind.givenUp(task);
                kind.ended(task);
                givenUp.add(id);
            }
        }
        return givenUp;
    }

    /**
     * Deletes one batch of tasks of this kind that ended in {@code state} before {@code before} (epoch ms), oldest
     * first, with their history, in one short transaction. Reads by the (state, finished_at) index and deletes by
     * primary key and task id, so it never scans a table. Answers the tasks and the history rows deleted.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public Purged purgeEnded(TaskKind<?> kind, TaskState state, long before, int batch) {
        if (state == TaskState.QUEUED || state == TaskState.RUNNING) {
            throw new IllegalArgumentException("Only ended tasks are deleted, not " + state);
        }
        Class<? extends Task> type = kind.type();
        List<String> ids = em.createQuery(TaskQuery.ENDED_BEFORE.jpql(type), String.class)
                .setParameter("state", state)
                .setParameter("before", before)
                .setMaxResults(batch)
                .getResultList();
        if (ids.isEmpty()) {
            return new Purged(0, 0);
        }
        int tasks = em.createQuery(TaskQuery.DELETE_ENDED.jpql(type))
                .setParameter("ids", ids)
                .setParameter("state", state)
                .executeUpdate();
        int events = em.createQuery(TaskQuery.DELETE_HISTORY.jpql(type))
                .setParameter("ids", ids)
                .executeUpdate();
        return new Purged(tasks, events, ids.size());
    }

    /**
     * What one {@link #purgeEnded} batch deleted; {@code read} is how many tasks it found (a full batch: more may
     * follow).
     */
    public record Purged(int tasks, int events, int read) {
        Purged(int tasks, int events) {
            this(tasks, events, 0);
        }
    }
}
