package com.salesrender.plugin.chat.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.List;

/** The one transaction a group of writes is written in ({@link GroupCommit}). */
@ApplicationScoped
public class GroupTransaction {

    /**
     * Runs the writes in one new transaction: each joins it. One that throws marks it for rollback, and the exception
     * leaves here with nothing written.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void writeAll(List<Runnable> writes) {
        writes.forEach(Runnable::run);
    }
}
