package com.salesrender.plugin.chat.upload;

import com.salesrender.plugin.chat.platform.Batches;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Deletes uploads created before a cutoff, a small batch at a time; the application's retention timer runs it with the
 * rest, with the cutoff {@code plugin.retention.uploads} gives.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class UploadRetention {

    /** Small batches keep each delete short on a busy database. */
    static final int BATCH = 100;

    @Inject
    UploadStore store;

    /** Deletes every upload created before {@code cutoff} (epoch ms), in batches; answers how many went. */
    public int purge(long cutoff) {
        return Batches.untilShort(BATCH, () -> store.deleteCreatedBefore(cutoff, BATCH));
    }
}
