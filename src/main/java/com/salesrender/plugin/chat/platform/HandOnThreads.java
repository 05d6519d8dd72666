package com.salesrender.plugin.chat.platform;

import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A few threads for attempts handed on after a commit (a message's first attempt straight from its accept, a status
 * request straight from a report). The threads come from the container's {@link ManagedThreadFactory}: each runs in the
 * application's context, set up once as the thread starts. A {@code ManagedExecutorService} captures the submitter's
 * context for every task instead, and Payara's does that by looking up thread context providers with a
 * {@code ServiceLoader} over the application's jars each time: 3-4% of the server's CPU in a benchmark profile, for
 * nothing these attempts use. Idle threads end after a minute.
 */
public final class HandOnThreads implements Executor, AutoCloseable {

    private final ThreadPoolExecutor pool;

    /** At most {@code threads} at once; more wait their turn (the callers' places keep them to that many). */
    public HandOnThreads(ManagedThreadFactory factory, int threads) {
        pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), factory);
        pool.allowCoreThreadTimeOut(true);
    }

    /** Runs the task on one of the threads; refused ({@link RejectedExecutionException}) once closed. */
    @Override
    public void execute(Runnable task) {
        pool.execute(task);
    }

    /**
     * No task is taken from now on; those taken still run (a stop's attempts give their claims back themselves, and the
     * stop waits for running attempts).
     */
    @Override
    public void close() {
        pool.shutdown();
    }
}
