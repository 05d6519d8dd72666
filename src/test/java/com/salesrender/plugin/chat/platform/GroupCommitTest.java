package com.salesrender.plugin.chat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    private final ExecutorService writers = Executors.newCachedThreadPool();

    /** Sizes of the groups the transaction ran, and of every commit reported. */
    private final List<Integer> transactions = Collections.synchronizedList(new ArrayList<>());

    private final List<Integer> commits = Collections.synchronizedList(new ArrayList<>());

    /** How often each write ran (a write run again after its group failed runs twice). */
    private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

    @AfterEach
    void stop() {
        writers.shutdownNow();
    }

    /** A transaction that runs the writes and commits. */
    private void commit(List<Runnable> writes) {
        transactions.add(writes.size());
        writes.forEach(Runnable::run);
    }

    private GroupCommit group(int places, int most, GroupCommit.Transaction transaction) {
        return new GroupCommit(places, most, Duration.ofMinutes(1), transaction, commits::add);
    }

    private Supplier<String> write(String name) {
        return () -> {
            runs.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
            return "written " + name;
        };
    }

    /** A write that holds its place until released: the writers arriving meanwhile gather behind it. */
    private Supplier<String> heldWrite(String name, CountDownLatch started, CountDownLatch release) {
        return () -> {
            started.countDown();
            await(release);
            return write(name).get();
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(10, TimeUnit.SECONDS), "never released");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A first write holds the only place while {@code writes} arrive and wait behind it; then it is released. Answers
     * the futures of {@code writes}, in order.
     */
    private List<Future<String>> behindAHeldWrite(GroupCommit group, List<Supplier<String>> writes) throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> first = writers.submit(() -> group.write(heldWrite("first", started, release)));
        await(started);
        List<Future<String>> behind = new ArrayList<>();
        for (Supplier<String> write : writes) {
            behind.add(writers.submit(() -> group.write(write)));
        }
        awaitWaiting(group, writes.size());
        release.countDown();
        assertEquals("written first", first.get(10, TimeUnit.SECONDS));
        return behind;
    }

    private List<Supplier<String>> writes(int count) {
        List<Supplier<String>> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            writes.add(write("w" + i));
        }
        return writes;
    }

    private static void awaitWaiting(GroupCommit group, int count) throws InterruptedException {
        for (int i = 0; i < 1000 && group.waiting() < count; i++) {
            Thread.sleep(10);
        }
        assertEquals(count, group.waiting(), "writers waiting for a place");
    }

    @Test
    void aWriteWithNobodyAheadRunsAloneWithoutAGroupTransaction() {
        GroupCommit group = group(1, 32, this::commit);
        assertEquals("written a", group.write(write("a")));
        assertEquals(List.of(), transactions);
        assertEquals(List.of(1), commits);
        assertEquals(1, runs.get("a").get());
    }

    @Test
    void writesArrivingMeanwhileShareOneTransaction() throws Exception {
        GroupCommit group = group(1, 32, this::commit);
        List<Future<String>> behind = behindAHeldWrite(group, writes(5));
        for (int i = 0; i < 5; i++) {
            assertEquals("written w" + i, behind.get(i).get(10, TimeUnit.SECONDS));
            assertEquals(1, runs.get("w" + i).get());
        }
        assertEquals(List.of(5), transactions);
        assertEquals(List.of(1, 5), commits);
    }

    @Test
    void aGroupHoldsAtMostItsLimit() throws Exception {
        GroupCommit group = group(1, 3, this::commit);
        List<Future<String>> behind = behindAHeldWrite(group, writes(7));
        for (int i = 0; i < 7; i++) {
            assertEquals("written w" + i, behind.get(i).get(10, TimeUnit.SECONDS));
        }
        assertTrue(transactions.stream().allMatch(size -> size <= 3), "groups " + transactions);
        assertEquals(7, commits.stream().mapToInt(Integer::intValue).sum() - 1);
    }

    /**
     * Writers arriving while more than a group's limit wait: a writer that finds the place free leads a group that
     * holds its own write, not only the oldest ones, so no write runs twice nor stays behind. (A group of the oldest
     * alone let its leader write its own apart while it stayed waiting, to be written a second time by a later group.)
     */
    @Test
    void everyWriteRunsOnceWhenMoreThanAGroupWait() throws Exception {
        GroupCommit group = group(1, 2, this::commit);
        int threads = 8;
        int each = 300;
        List<Future<?>> done = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(writers.submit(() -> {
                await(start);
                for (int i = 0; i < each; i++) {
                    String name = thread + "-" + i;
                    assertEquals("written " + name, group.write(write(name)));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> writer : done) {
            writer.get(60, TimeUnit.SECONDS);
        }
        assertEquals(threads * each, runs.size());
        Map<String, Integer> twice = new TreeMap<>();
        runs.forEach((name, count) -> {
            if (count.get() != 1) {
                twice.put(name, count.get());
            }
        });
        assertEquals(Map.of(), twice, "writes not run once");
        assertEquals(
                threads * each, commits.stream().mapToInt(Integer::intValue).sum());
        assertEquals(0, group.waiting());
    }

    @Test
    void eachPlaceWritesAtOnce() throws Exception {
        GroupCommit group = group(2, 32, this::commit);
        CountDownLatch started = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> a = writers.submit(() -> group.write(heldWrite("a", started, release)));
        Future<String> b = writers.submit(() -> group.write(heldWrite("b", started, release)));
        // Both started: two writes at once, neither waiting for the other.
        await(started);
        assertEquals(0, group.waiting());
        release.countDown();
        assertEquals("written a", a.get(10, TimeUnit.SECONDS));
        assertEquals("written b", b.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aWriteHeldUpDoesNotHoldUpTheWritesBehindIt() throws Exception {
        GroupCommit group = new GroupCommit(1, 32, Duration.ofMillis(50), this::commit, commits::add);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The only place is held (a row lock another transaction holds, say) until the end of the test.
        Future<String> heldUp = writers.submit(() -> group.write(heldWrite("held", started, release)));
        await(started);
        try {
            Future<String> behind = writers.submit(() -> group.write(write("behind")));
            assertEquals("written behind", behind.get(10, TimeUnit.SECONDS));
            assertFalse(heldUp.isDone());
        } finally {
            release.countDown();
        }
        assertEquals("written held", heldUp.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aWriterInterruptedWhileWaitingIsWrittenAllTheSameAndKeepsItsInterruptForAfter() throws Exception {
        GroupCommit group = group(1, 32, this::commit);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> first = writers.submit(() -> group.write(heldWrite("first", started, release)));
        await(started);
        AtomicBoolean interruptedWhileWriting = new AtomicBoolean(true);
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        Thread waiter = new Thread(() -> {
            group.write(() -> {
                interruptedWhileWriting.set(Thread.currentThread().isInterrupted());
                return write("waiter").get();
            });
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        waiter.start();
        awaitWaiting(group, 1);
        waiter.interrupt();
        release.countDown();
        waiter.join(10_000);
        assertEquals("written first", first.get(10, TimeUnit.SECONDS));
        assertEquals(1, runs.get("waiter").get());
        // An interrupted thread's file writes fail (H2 closes its file): the write ran without it, the caller has it.
        assertFalse(interruptedWhileWriting.get());
        assertTrue(interruptedAfter.get());
    }

    @Test
    void aWriterInterruptedBeforeItWritesIsWrittenWithoutTheInterruptAndKeepsIt() throws Exception {
        GroupCommit group = group(1, 32, this::commit);
        AtomicBoolean interruptedWhileWriting = new AtomicBoolean(true);
        AtomicBoolean interruptedAfter = new AtomicBoolean();
        // The same state as an interrupt that came after the writer was signalled: the wait sets it again, not throws.
        Thread writer = new Thread(() -> {
            Thread.currentThread().interrupt();
            group.write(() -> {
                interruptedWhileWriting.set(Thread.currentThread().isInterrupted());
                return write("interrupted").get();
            });
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        writer.start();
        writer.join(10_000);
        assertEquals(1, runs.get("interrupted").get());
        assertFalse(interruptedWhileWriting.get());
        assertTrue(interruptedAfter.get());
    }

    @Test
    void aFailedGroupWritesNothingAndEachWriteRunsAloneWithItsOwnFailure() throws Exception {
        RuntimeException broken = new IllegalStateException("w2 cannot be written");
        // The group's transaction runs the writes, then rolls back: w2 failed in it.
        GroupCommit group = group(1, 32, writes -> {
            transactions.add(writes.size());
            writes.forEach(write -> {
                try {
                    write.run();
                } catch (RuntimeException e) {
                    // marked for rollback: the others still run, the commit fails
                }
            });
            throw new IllegalStateException("rolled back");
        });
        List<Supplier<String>> writes = writes(4);
        writes.set(2, () -> {
            runs.computeIfAbsent("w2", n -> new AtomicInteger()).incrementAndGet();
            throw broken;
        });
        List<Future<String>> behind = behindAHeldWrite(group, writes);
        for (int i = 0; i < 4; i++) {
            if (i == 2) {
                int index = i;
                Exception failed =
                        assertThrows(Exception.class, () -> behind.get(index).get(10, TimeUnit.SECONDS));
                assertSame(broken, failed.getCause());
            } else {
                assertEquals("written w" + i, behind.get(i).get(10, TimeUnit.SECONDS));
            }
            // Once in the failed group, once alone.
            assertEquals(2, runs.get("w" + i).get(), "runs of w" + i);
        }
        assertEquals(List.of(4), transactions);
        // The first write alone, then the three that succeeded alone; the failed group and w2 committed nothing.
        assertEquals(List.of(1, 1, 1, 1), commits);
    }

    @Test
    void aWriteThatFailsAloneIsThrownToItsWriterAndNotRunAgain() {
        GroupCommit group = group(1, 32, this::commit);
        RuntimeException broken = new IllegalStateException("cannot be written");
        AtomicInteger tried = new AtomicInteger();
        assertSame(
                broken,
                assertThrows(
                        IllegalStateException.class,
                        () -> group.write(() -> {
                            tried.incrementAndGet();
                            throw broken;
                        })));
        assertEquals(1, tried.get());
        assertEquals(List.of(), commits);
        // The place was given back: the next write goes at once.
        assertEquals("written b", group.write(write("b")));
    }
}
