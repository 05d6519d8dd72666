package com.salesrender.plugin.chat.application;

import com.salesrender.plugin.chat.platform.FailedStart;
import com.salesrender.plugin.chat.platform.OneRunAtATime;
import com.salesrender.plugin.chat.platform.RecentReading;
import com.salesrender.plugin.chat.platform.ResealedBatch;
import com.salesrender.plugin.chat.platform.Secrets;
import com.salesrender.plugin.chat.registration.Registrations;
import com.salesrender.plugin.chat.settings.CompanySettings;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The background half of a key rotation: the core's secrets (registration HPTs, password settings) sealed with a
 * previous key ({@code plugin.secrets.previous-keys}) or in the format before key ids are resealed with
 * {@code plugin.secrets.key}, right after the start and then every {@code plugin.secrets.sweep-interval} (5 minutes),
 * in batches of {@value #BATCH} rows, each its own short transaction. A row is rewritten only if it still holds the
 * value read, so instances sweeping side by side, or a write meanwhile, overwrite nothing newer.
 *
 * <p>{@code /metrics} shows {@code chat_secrets_old_key_values}: the values in the database that open with a previous
 * key only, those that removing the previous keys now would make unreadable (counted at most every 10 s; 0 without
 * previous keys). A plugin's own values ({@code PluginSecrets}, in its tables) are not counted: the plugin reseals
 * them.
 */
@Startup
@Singleton
@DependsOn("Migrations")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class OldKeySweeper {

    private static final Logger LOG = Logger.getLogger(OldKeySweeper.class.getName());

    /** Rows per transaction: each rewrite holds its locks for a moment only. */
    static final int BATCH = 100;

    /** The gauge counts in the database at most this often, however often /metrics is scraped. */
    static final Duration COUNT_MAX_AGE = Duration.ofSeconds(10);

    @Inject
    Secrets secrets;

    @Inject
    Registrations registrations;

    @Inject
    CompanySettings settings;

    @Inject
    MetricRegistry registry;

    @Resource
    TimerService timers;

    private final OneRunAtATime sweeps = new OneRunAtATime();

    /** Where the gauge's count runs, off the scrape's thread. */
    @Resource
    ManagedExecutorService reads;

    private RecentReading<Long> oldKeyValues;

    /** The values still under an old key, and what one sweep did to them. */
    public record Sweep(int resealed, int unreadable) {}

    @Inject
    @ConfigProperty(name = "plugin.secrets.sweep-interval")
    Duration interval;

    @PostConstruct
    void start() {
        if (interval.isNegative() || interval.isZero()) {
            throw FailedStart.stop(
                    "Configuration property plugin.secrets.sweep-interval must be positive, not " + interval,
                    new IllegalStateException("plugin.secrets.sweep-interval is " + interval));
        }
        oldKeyValues = new RecentReading<>(
                COUNT_MAX_AGE,
                0L,
                () -> secrets.hasPreviousKeys() ? registrations.oldKeyValues() + settings.oldKeyValues() : 0L,
                reads);
        registry.gauge(
                Metadata.builder()
                        .withName("chat_secrets_old_key_values")
                        .withDescription("Registration HPTs and password settings that open with a key of"
                                + " plugin.secrets.previous-keys only: 0 on every instance once the key rotation's sweep"
                                + " is done (counted in the database, at most " + COUNT_MAX_AGE.toSeconds() + " s old)")
                        .build(),
                this,
                OldKeySweeper::oldKeyValues);
        timers.createIntervalTimer(1, interval.toMillis(), new TimerConfig(null, false));
    }

    @Timeout
    void sweepNowAndThen() {
        sweep();
    }

    /**
     * Reseals every value it can with the current key; answers how many it resealed and how many no configured key
     * opens (both 0 when another run was going, or without a key). A failure ends this run only: the next one goes on.
     */
    public Sweep sweep() {
        return sweeps.run(this::sweepNow, new Sweep(0, 0));
    }

    private Sweep sweepNow() {
        if (secrets.resealablePrefixes().isEmpty()) {
            return new Sweep(0, 0);
        }
        Sweep hpts = sweep("registration HPTs", registrations::resealOldKeys);
        Sweep passwords = sweep("password settings", settings::resealOldKeys);
        Sweep all = new Sweep(hpts.resealed() + passwords.resealed(), hpts.unreadable() + passwords.unreadable());
        if (all.resealed() > 0) {
            LOG.info(() -> "Key rotation: " + hpts.resealed() + " registration HPTs and " + passwords.resealed()
                    + " password settings resealed with plugin.secrets.key");
        }
        if (all.unreadable() > 0) {
            LOG.warning(() -> hpts.unreadable() + " registration HPTs and " + passwords.unreadable()
                    + " password settings open with neither plugin.secrets.key nor plugin.secrets.previous-keys:"
                    + " they stay as they are and fail where they are used");
        }
        return all;
    }

    private static Sweep sweep(String what, BiFunction<String, Integer, ResealedBatch> batch) {
        int resealed = 0;
        int unreadable = 0;
        try {
            String after = "";
            ResealedBatch done;
            do {
                done = batch.apply(after, BATCH);
                resealed += done.resealed();
                unreadable += done.unreadable();
                after = done.lastId();
            } while (done.read() == BATCH);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Key rotation sweep of " + what + " stopped, the next one goes on", e);
        }
        return new Sweep(resealed, unreadable);
    }

    /** Kept as it was while the database is away (readiness says so), rather than fail the whole scrape. */
    private long oldKeyValues() {
        return oldKeyValues.get();
    }
}
