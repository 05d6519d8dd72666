package com.salesrender.plugin.chat.api;

import jakarta.json.JsonObject;
import java.time.Duration;

/**
 * Background work a plugin does for each company, on exactly one instance at a time: an IMAP mailbox poller, a long
 * poll, a socket to the gateway. A CDI bean of the plugin ({@code @ApplicationScoped}), found by the core at start.
 *
 * <p>For every registered reference whose saved settings it {@linkplain #runsFor runs for}, the core takes a lease in
 * the database (any instance sharing the database may take it), calls {@link #run} on a thread of its own, outside any
 * transaction, and renews the lease while {@code run} is busy. When {@code run} returns, the core calls it again after
 * {@link #pause()}, under the same lease. The lease ends, and {@link WorkLease#held()} turns false, when:
 *
 * <ul>
 *   <li>the company saves its settings again (the work starts again with the new settings, on any instance);
 *   <li>the saved settings no longer pass {@link #runsFor} (the work stops until they do);
 *   <li>the server stops, or this instance could not renew the lease in time (another instance takes the work over once
 *       the lease has run out: {@code plugin.work.lease}, 30 s by default).
 * </ul>
 *
 * The lease stays with the run until it returns, so the next run of the same work (with new settings, or on another
 * instance) never starts before it; then the lease is released and any instance takes the work up at once. One instance
 * holds at most {@code plugin.work.threads} leases at once (a thread each).
 *
 * <p>A long-running {@code run} checks {@link WorkLease#held()} (or waits with {@link WorkLease#await}) and returns
 * soon after it turns false; it is interrupted if it has not returned {@code plugin.shutdown.grace} after that. A dead
 * instance cannot renew: its work is taken over once the lease has run out, and what its run had begun is done again,
 * so whatever the work forwards must be safe to do twice ({@link IncomingChats#forward(PluginReference, String, Chat)}
 * is). An instance cut off from the database stops holding its work a third of a lease before that: only a run that
 * ignores {@code held()} can overlap the next one.
 *
 * <p>An exception from {@code run} is logged and the work runs again after {@link #pause()}.
 */
public interface ReferenceWorker {

    /** The longest name accepted. */
    int MAX_NAME = 64;

    /**
     * The work's name, stable across releases (it names the lease): 1 to {@value #MAX_NAME} characters, not blank, no
     * control characters, one worker per name. A bad or repeated name stops the start.
     */
    String name();

    /**
     * Whether the work runs for a company with these saved settings (completed with the form's defaults). The default:
     * for every company that saved its settings once. Asked once per save: the answer is kept until the company saves
     * its settings again, so it depends on the settings alone; an exception counts as false.
     */
    default boolean runsFor(JsonObject settings) {
        return true;
    }

    /** The wait between two runs of {@link #run} for one company (and after a failed run); negative counts as none. */
    default Duration pause() {
        return Duration.ofSeconds(30);
    }

    /** Does the work once for one company: a poll, or a long watch that returns when the lease is no longer held. */
    void run(PluginReference reference, WorkLease lease) throws Exception;
}
