package com.salesrender.plugin.chat.settings;

import com.salesrender.plugin.chat.api.FieldErrors;
import com.salesrender.plugin.chat.api.PluginReference;
import com.salesrender.plugin.chat.api.SettingsCheck;
import com.salesrender.plugin.chat.platform.ApiError;
import com.salesrender.plugin.chat.platform.FailedStart;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Asks every {@link SettingsCheck} of the plugin about settings about to be saved, each on a managed thread of its own
 * (the caller holds no transaction: the checks may call a slow gateway), all within one deadline,
 * {@code plugin.settings.check-timeout}.
 */
@ApplicationScoped
public class SettingsChecks {

    private static final Logger LOG = Logger.getLogger(SettingsChecks.class.getName());

    @Inject
    @Any
    Instance<SettingsCheck> checks;

    @Inject
    @ConfigProperty(name = "plugin.settings.check-timeout")
    Duration timeout;

    /** Threads with the application's context (its class loader and naming), as the checks' CDI beans need. */
    @Resource
    ManagedThreadFactory threads;

    /** Found once: a check bean of scope {@code @Dependent} is made once, not at every save. */
    private List<? extends Instance.Handle<SettingsCheck>> all;

    private ExecutorService running;

    /** Created when the application starts, so a wrong timeout stops the start, not a save. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object start) {}

    @PostConstruct
    void init() {
        if (timeout.isNegative() || timeout.isZero()) {
            throw FailedStart.stop(
                    "Configuration property plugin.settings.check-timeout must be positive, not " + timeout,
                    new IllegalStateException("plugin.settings.check-timeout is " + timeout));
        }
        all = checks.handlesStream().toList();
        running = Executors.newCachedThreadPool(threads);
    }

    @PreDestroy
    void stop() {
        running.shutdownNow();
    }

    /**
     * The field errors of every check together (none without checks).
     *
     * @throws ApiError 500 when a check threw or answered null, 504 when one did not answer in time
     */
    public FieldErrors check(PluginReference reference, JsonObject settings) {
        if (all.isEmpty()) {
            return FieldErrors.none();
        }
        List<Future<FieldErrors>> answers = new ArrayList<>();
        for (Instance.Handle<SettingsCheck> handle : all) {
            SettingsCheck check = handle.get();
            answers.add(running.submit(() -> check.check(reference, settings)));
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        FieldErrors errors = FieldErrors.none();
        int i = 0;
        try {
            for (; i < answers.size(); i++) {
                FieldErrors found = answers.get(i).get(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (found == null) {
                    throw new IllegalStateException("it answered null, not FieldErrors.none()");
                }
                errors.addAll(found);
            }
            return errors;
        } catch (TimeoutException e) {
            String late = name(all.get(i));
            LOG.warning(() -> "The settings check " + late + " did not answer within " + timeout + " (" + reference
                    + "); nothing was saved");
            throw new SettingsCheckTimedOut(timeout);
        } catch (ExecutionException | IllegalStateException e) {
            Throwable failure = e instanceof ExecutionException ? e.getCause() : e;
            LOG.log(
                    Level.SEVERE,
                    "The settings check " + name(all.get(i)) + " failed (" + reference + "); nothing was saved",
                    failure);
            throw ApiError.internal("The settings could not be checked; nothing was saved");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiError.internal("The settings could not be checked; nothing was saved");
        } finally {
            // Checks still running (after a timeout or a failure) are interrupted: their answer no longer counts.
            answers.forEach(answer -> answer.cancel(true));
        }
    }

    private static String name(Instance.Handle<SettingsCheck> check) {
        return check.getBean().getBeanClass().getName();
    }
}
