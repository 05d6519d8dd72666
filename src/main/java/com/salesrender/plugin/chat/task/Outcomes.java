package com.salesrender.plugin.chat.task;

import com.salesrender.plugin.chat.platform.DatabaseUnavailable;
import com.salesrender.plugin.chat.platform.GroupCommit;
import com.salesrender.plugin.chat.platform.GroupTransaction;
import io.opentelemetry.context.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Duration;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * Writes the outcome of work another party already took (the gateway took the message, the CRM took the request) with a
 * few tries: until it is written, the claim's lease runs out after the attempt and the work is done a second time. In
 * the benchmark's busiest phase on H2, four statuses reached the CRM twice when the outcome's update waited for a row
 * lock past H2's 2 s. The attempt is still running meanwhile, so its lease is renewed.
 *
 * <p>Outcomes written at the same moment share one transaction ({@link GroupCommit}): a message that went straight and
 * reported one status is three transactions, two of them outcomes (its own, its status request's), and an outcome is an
 * update or two around a commit. On {@code /metrics}: {@code chat_outcomes_written_total}, and
 * {@code chat_outcome_commits_total}, the transactions that wrote them.
 */
@ApplicationScoped
public class Outcomes {

    /** Tries in all; the database's failures (a lock wait that ran out, a restart, a failover) this far apart. */
    static final int TRIES = 8;

    static final Duration PAUSE = Duration.ofSeconds(1);

    /**
     * Groups written at once. With two, a burst of 200 messages in the tests never had a third outcome waiting: every
     * outcome went alone. With one, outcomes written at the same moment gather behind the group being written.
     */
    static final int PLACES = 1;

    /** Outcomes in one transaction at most: its row locks are held until all are written. */
    static final int MOST = 32;

    /**
     * A group written for longer than this is held up (a row lock another transaction holds: H2 waits 2 s, PostgreSQL
     * as long as it is held) and the outcomes behind it go on in a group of their own. An outcome takes a few ms.
     */
    static final Duration HELD_UP = Duration.ofMillis(100);

    @Inject
    GroupTransaction transaction;

    @Inject
    Attempts attempts;

    @Inject
    MetricRegistry registry;

    @Resource
    TransactionSynchronizationRegistry transactions;

    private GroupCommit group;

    private Counter written;

    private Counter commits;

    /** Observing the start creates the bean, so its series are on /metrics (at zero) before the first outcome. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object start) {}

    @PostConstruct
    void init() {
        written = registry.counter(Metadata.builder()
                .withName("chat_outcomes_written")
                .withDescription("Outcomes of attempts whose work another party took (a message sent, a request the"
                        + " CRM took) written to the database")
                .build());
        commits = registry.counter(Metadata.builder()
                .withName("chat_outcome_commits")
                .withDescription(
                        "Transactions that wrote those outcomes: outcomes written at the same moment share one")
                .build());
        group = new GroupCommit(PLACES, MOST, HELD_UP, transaction::writeAll, size -> {
            written.inc(size);
            commits.inc();
        });
    }

    /**
     * Runs {@code write} (one transaction of its own when called alone) until it succeeds: once more at once after any
     * first failure (a first status of a message may have raced another to create its record, which rolls the
     * transaction back), then again after a pause while the database fails it, up to {@value #TRIES} tries. The last
     * failure is thrown. Called with no transaction, it may share one with outcomes written at the same moment; its
     * claims stay this attempt's, and it joins this thread's trace, wherever it runs.
     */
    public <T> T write(Supplier<T> write) {
        if (transactions.getTransactionStatus() != Status.STATUS_NO_TRANSACTION) {
            return tried(write, PAUSE); // part of the caller's transaction, which may hold locks a group would wait for
        }
        Supplier<T> carried = Context.current().wrapSupplier(attempts.asPartOfThisAttempt(write));
        return tried(() -> group.write(carried), PAUSE);
    }

    static <T> T tried(Supplier<T> write, Duration pause) {
        for (int tried = 1; ; tried++) {
            try {
                return write.get();
            } catch (RuntimeException e) {
                boolean again = tried == 1 || (DatabaseUnavailable.causes(e) && tried < TRIES);
                if (!again) {
                    throw e;
                }
                if (tried > 1 && !pause(pause)) {
                    throw e;
                }
            }
        }
    }

    private static boolean pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
