package com.salesrender.plugin.chat.platform;

import java.util.function.IntSupplier;

/**
 * Work done in small batches, each its own short transaction (retention, the sweepers): a batch is run again while it
 * comes back full, and the first short one means nothing more was due.
 */
public final class Batches {

    private Batches() {}

    /**
     * Runs {@code batch}, which answers how many rows it handled (at most {@code size}), until it handles fewer;
     * answers the total.
     */
    public static int untilShort(int size, IntSupplier batch) {
        int total = 0;
        int handled;
        do {
            handled = batch.getAsInt();
            total += handled;
        } while (handled == size);
        return total;
    }
}
