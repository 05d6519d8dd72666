package com.salesrender.plugin.chat.api;

import java.time.Duration;

/** A {@link ReferenceWorker}'s hold on its work for one company, renewed by the core while it runs. */
public interface WorkLease {

    /**
     * Whether this instance still holds the work: false once the settings were saved again, the server is stopping,
     * another instance took the lease, or the lease could not be renewed in time (a third of it is then left: return
     * before another instance may take the work).
     */
    boolean held();

    /**
     * Waits up to {@code time}, returning early when the lease is no longer held (a poller's sleep between two reads).
     *
     * @return whether the lease is still held
     */
    boolean await(Duration time) throws InterruptedException;
}
