package com.salesrender.plugin.chat.job;

import com.salesrender.plugin.chat.api.PluginJobHandler;
import com.salesrender.plugin.chat.platform.FailedStart;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The plugin's {@link PluginJobHandler}s by job type; two for one type stop the start. */
@ApplicationScoped
public class JobHandlers {

    @Inject
    @Any
    Instance<PluginJobHandler> all;

    private final Map<String, PluginJobHandler> byType = new HashMap<>();

    @PostConstruct
    void collect() {
        for (PluginJobHandler handler : all) {
            PluginJobHandler other = byType.putIfAbsent(handler.type(), handler);
            if (other != null) {
                throw FailedStart.stop(
                        "Two job handlers for the job type " + handler.type() + ": "
                                + other.getClass().getName() + " and "
                                + handler.getClass().getName(),
                        new IllegalStateException("job type " + handler.type() + " has two handlers"));
            }
        }
    }

    Optional<PluginJobHandler> of(String type) {
        return Optional.ofNullable(byType.get(type));
    }
}
