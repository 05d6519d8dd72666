package com.salesrender.plugin.chat.platform;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** Work that must happen only once the current transaction has committed: at once without one, never on rollback. */
public final class AfterCommit {

    private AfterCommit() {}

    public static void run(TransactionSynchronizationRegistry transactions, Runnable work) {
        run(transactions, work, () -> {});
    }

    /**
     * As {@link #run(TransactionSynchronizationRegistry, Runnable)}, with {@code otherwise} run instead when the
     * transaction does not commit (at once if it is marked for rollback already): what was held for the work is given
     * back.
     */
    public static void run(TransactionSynchronizationRegistry transactions, Runnable work, Runnable otherwise) {
        int status = transactions.getTransactionStatus();
        if (status == Status.STATUS_NO_TRANSACTION) {
            work.run();
            return;
        }
        if (status != Status.STATUS_ACTIVE) {
            otherwise.run(); // marked for rollback: what the work is about will not exist
            return;
        }
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int outcome) {
                if (outcome == Status.STATUS_COMMITTED) {
                    work.run();
                } else {
                    otherwise.run();
                }
            }
        });
    }
}
