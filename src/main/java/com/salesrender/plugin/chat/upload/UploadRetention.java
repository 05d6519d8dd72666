package com.salesrender.plugin.chat.upload;

import com.salesrender.plugin.chat.platform.Batches;
import jakarta.ejb.Singleton;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Deletes uploads older than {@code plugin.retention.uploads} (default 30 days), a small batch at a time; the
 * application's retention timer runs it with the rest.
 */
@Singleton
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class UploadRetention {

    /** Small batches keep each delete short on a busy database. */
    static final int BATCH = 100;

    @Inject
    @ConfigProperty(name = "plugin.retention.uploads")
    Duration retention;

    @Inject
    UploadStore store;

    /** Deletes every upload created before {@code cutoff} (epoch ms), in batches; answers how many went. */
    public int purge(long cutoff) {
        return Batches.untilShort(BATCH, () -> store.deleteCreatedBefore(cutoff, BATCH));
    }

    public Duration retention() {
        return retention;
    }
}
