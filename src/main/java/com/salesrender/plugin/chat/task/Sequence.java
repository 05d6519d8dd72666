package com.salesrender.plugin.chat.task;

import java.util.concurrent.atomic.AtomicLong;

/** Microseconds of the clock, strictly increasing within this server: an order for things of one millisecond. */
public final class Sequence {

    private static final AtomicLong LAST = new AtomicLong();

    private Sequence() {}

    public static long next(long nowMillis) {
        return LAST.updateAndGet(last -> Math.max(last + 1, nowMillis * 1000));
    }
}
