package com.salesrender.plugin.chat.platform;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Writes that arrive while others are being written share one transaction (group commit). A writer with nobody writing
 * ahead of it writes at once, in a transaction of its own as before; writers that arrive meanwhile wait, and the first
 * of them to find a place free writes all of them (up to {@code most}) in one transaction, on its thread. Under load
 * that is one commit for many writes, outcomes or accepted messages (each commit a chunk written to H2's file, a WAL
 * flush on PostgreSQL, a JTA transaction with its connection); alone, nothing waits.
 *
 * <p>A group whose transaction fails (one write throws, or the commit) has written nothing: each of its writes is then
 * run alone by its own writer, in a transaction of its own, so one write's failure is that write's alone. Writers must
 * hold no transaction: one that did could hold a lock the group's transaction waits for, while it waits for the group.
 */
public final class GroupCommit {

    /** Runs the writes in one transaction; throws when it did not commit. */
    public interface Transaction {
        void run(List<Runnable> writes);
    }

    private enum State {
        WAITING,
        WRITTEN,
        /** Written alone, by its own writer leading a group of one, and failed. */
        FAILED,
        /** Its group failed: its writer runs it alone. */
        ALONE
    }

    private static final class Pending<T> {
        final Supplier<T> write;
        State state = State.WAITING;
        boolean taken;
        T result;
        Throwable failure;

        Pending(Supplier<T> write) {
            this.write = write;
        }
    }

    private final int places;
    private final int most;
    private final long heldUpNanos;
    private final Transaction transaction;
    private final IntConsumer committed;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Pending<?>> waiting = new ArrayDeque<>();
    private int writing;
    /** When the group started last ({@link System#nanoTime()}). */
    private long lastStarted;

    /**
     * {@code places}: groups written at once; {@code most}: writes in one group; {@code heldUp}: how long the last
     * group to start may take before writers waiting behind it write in a place of their own (a group held up, by a row
     * lock another transaction holds, does not hold up every write); {@code committed} is told the size of each group
     * that committed, a write run alone counting as a group of one.
     */
    public GroupCommit(int places, int most, Duration heldUp, Transaction transaction, IntConsumer committed) {
        if (places < 1 || most < 1) {
            throw new IllegalArgumentException("At least one place and one write per group");
        }
        this.places = places;
        this.most = most;
        this.heldUpNanos = heldUp.toNanos();
        this.transaction = transaction;
        this.committed = committed;
    }

    /**
     * Runs {@code write} (which opens its own transaction when called alone) alone or in a group; answers its result.
     */
    public <T> T write(Supplier<T> write) {
        Pending<T> mine = new Pending<>(write);
        List<Pending<?>> group = null;
        boolean interrupted = false;
        lock.lock();
        try {
            waiting.add(mine);
            while (mine.state == State.WAITING) {
                if (!mine.taken && (writing < places || System.nanoTime() - lastStarted > heldUpNanos)) {
                    writing++;
                    lastStarted = System.nanoTime();
                    group = take(mine);
                    break;
                }
                try {
                    changed.awaitNanos(heldUpNanos);
                } catch (InterruptedException e) {
                    // Not given up: the write is in a group already, or will be; it is done either way.
                    interrupted = true;
                }
            }
        } finally {
            lock.unlock();
        }
        // An interrupt that came after the signal is not thrown but set again by the wait; one set before the call
        // would fail the write the same way. Either is kept for after.
        interrupted |= Thread.interrupted();
        try {
            if (group != null) {
                lead(group);
            }
            if (mine.state == State.WRITTEN) {
                return mine.result;
            }
            if (mine.state == State.FAILED) {
                if (mine.failure instanceof Error error) {
                    throw error;
                }
                throw (RuntimeException) mine.failure;
            }
            T result = write.get();
            committed.accept(1);
            return result;
        } finally {
            // Kept for the caller, once written: an interrupted thread's file writes fail (H2 closes its file then).
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How many writes wait for a place. */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The leader's own write and the others waiting, oldest first, up to {@link #most}. Under the lock. The leader's
     * own always: a leader that found more than a group waiting and took only the oldest wrote its own apart, while it
     * stayed waiting for a later group to write it a second time.
     */
    private List<Pending<?>> take(Pending<?> leader) {
        waiting.remove(leader);
        leader.taken = true;
        List<Pending<?>> group = new ArrayList<>(List.of(leader));
        while (group.size() < most && !waiting.isEmpty()) {
            Pending<?> next = waiting.poll();
            next.taken = true;
            group.add(next);
        }
        return group;
    }

    /**
     * Writes the group, which holds this thread's own write: in one transaction, or alone when it is the only one. The
     * place stays taken until it is written, so that writers arriving meanwhile gather behind it.
     */
    private void lead(List<Pending<?>> group) {
        try {
            if (group.size() == 1) {
                writeAlone(group.get(0));
            } else {
                writeTogether(group);
            }
        } finally {
            lock.lock();
            try {
                writing--;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }

    /** The leader's own write, with nobody behind it when it was taken: in its own transaction, as without a group. */
    private void writeAlone(Pending<?> only) {
        try {
            run(only);
            committed.accept(1);
            mark(List.of(only), State.WRITTEN);
        } catch (RuntimeException | Error failed) {
            only.failure = failed;
            mark(List.of(only), State.FAILED);
        }
    }

    private void writeTogether(List<Pending<?>> group) {
        try {
            transaction.run(group.stream().map(GroupCommit::writer).toList());
        } catch (RuntimeException | Error failed) {
            // Nothing of the group was written: each write runs alone on its own writer's thread, its failure its own.
            mark(group, State.ALONE);
            return;
        }
        committed.accept(group.size());
        mark(group, State.WRITTEN);
    }

    private static Runnable writer(Pending<?> pending) {
        return () -> run(pending);
    }

    private static <T> void run(Pending<T> pending) {
        pending.result = pending.write.get();
    }

    /** States and results are read under the lock by their writers, after this. */
    private void mark(List<Pending<?>> group, State state) {
        lock.lock();
        try {
            for (Pending<?> pending : group) {
                pending.state = state;
            }
        } finally {
            lock.unlock();
        }
    }
}
