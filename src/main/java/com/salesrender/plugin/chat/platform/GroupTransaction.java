package com.salesrender.plugin.chat.platform;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.util.List;

/** The one transaction a group of writes is written in ({@link GroupCommit}). */
@Stateless
public class GroupTransaction {

    /**
     * Runs the writes in one new transaction: each joins it. One that throws marks it for rollback, and the exception
     * leaves here with nothing written.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void writeAll(List<Runnable> writes) {
        writes.forEach(Runnable::run);
    }
}
