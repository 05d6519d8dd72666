package com.salesrender.plugin.chat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Attempts handed on run on the factory's threads, at most so many at once, none once closed. */
class HandOnThreadsTest {

    /** Stands in for the container's factory: counts the threads it made and names them. */
    private static final class CountingFactory implements ManagedThreadFactory {
        final AtomicInteger made = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            return new Thread(task, "factory-" + made.incrementAndGet());
        }

        @Override
        public ForkJoinWorkerThread newThread(ForkJoinPool pool) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void tasksRunOnTheFactorysThreadsAtMostSoManyAtOnceAndTheThreadsAreKept() throws Exception {
        CountingFactory factory = new CountingFactory();
        HandOnThreads threads = new HandOnThreads(factory, 2);
        try {
            AtomicInteger running = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            Set<String> names = ConcurrentHashMap.newKeySet();
            CountDownLatch done = new CountDownLatch(20);
            for (int i = 0; i < 20; i++) {
                threads.execute(() -> {
                    most.accumulateAndGet(running.incrementAndGet(), Math::max);
                    names.add(Thread.currentThread().getName());
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    running.decrementAndGet();
                    done.countDown();
                });
            }
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(2, most.get(), "two at once, no more");
            assertTrue(names.stream().allMatch(name -> name.startsWith("factory-")), names::toString);
            // Twenty tasks, two threads made: a thread (and the context the container sets up in it) serves many.
            assertEquals(2, factory.made.get());
        } finally {
            threads.close();
        }
    }

    @Test
    void onceClosedATaskIsRefused() {
        HandOnThreads threads = new HandOnThreads(new CountingFactory(), 2);
        threads.close();
        assertThrows(RejectedExecutionException.class, () -> threads.execute(() -> {}));
    }
}
