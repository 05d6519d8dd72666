package com.salesrender.plugin.chat.application;

import com.salesrender.plugin.chat.platform.RecentReading;
import com.salesrender.plugin.chat.platform.Stopping;
import com.salesrender.plugin.chat.task.JmsTaskQueue;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import java.sql.Connection;
import java.time.Duration;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * {@code /health/ready}: the plugin can accept sends while its database answers. The broker is reported beside it but
 * does not decide: a send is stored first and its wake-up queued again by the sweeper once the broker is back, so a
 * broker outage must not take every instance out of its balancer (or Kubernetes Service) while they still accept.
 *
 * <p>The same on {@code /metrics}, for alerts: {@code chat_plugin_ready} (1 when ready, else 0) and
 * {@code chat_broker_up} (1 when the broker answers, else 0), checked at most every {@link #METRICS_MAX_AGE} however
 * often they are scraped (a stop turns {@code chat_plugin_ready} to 0 at once).
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Resource(lookup = "jdbc/chatPlugin")
    DataSource dataSource;

    @Resource(lookup = JmsTaskQueue.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

    static final Duration METRICS_MAX_AGE = Duration.ofSeconds(5);

    @Inject
    MetricRegistry registry;

    /** Where the checks for /metrics run, off the scrape's thread. */
    @Resource
    ManagedExecutorService reads;

    /** What the checks found last for /metrics (the health routes check anew each time). */
    private RecentReading<Checks> forMetrics;

    private record Checks(boolean database, boolean broker) {}

    /** Observing the start creates the bean, so the gauges are on /metrics from the first scrape. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object start) {}

    @PostConstruct
    void register() {
        forMetrics = new RecentReading<>(METRICS_MAX_AGE, new Checks(false, false), this::checks, reads);
        registry.gauge(
                Metadata.builder()
                        .withName("chat_plugin_ready")
                        .withDescription("1 when /health/ready is UP (the database answers, not stopping), else 0")
                        .build(),
                this,
                check -> !Stopping.underway() && check.forMetrics.get().database() ? 1 : 0);
        registry.gauge(
                Metadata.builder()
                        .withName("chat_broker_up")
                        .withDescription("1 when the broker answers (as /health/ready reports it), else 0")
                        .build(),
                this,
                check -> check.forMetrics.get().broker() ? 1 : 0);
    }

    private Checks checks() {
        return new Checks(database(), broker());
    }

    @Override
    public HealthCheckResponse call() {
        if (Stopping.underway()) {
            // Balancers and the CRM's health checks move on while the work in flight ends.
            return HealthCheckResponse.named("chat-plugin")
                    .down()
                    .withData("stopping", true)
                    .build();
        }
        boolean database = database();
        boolean broker = broker();
        return HealthCheckResponse.named("chat-plugin")
                .status(database)
                .withData("database", database ? "UP" : "DOWN")
                .withData("broker", broker ? "UP" : "DOWN")
                .build();
    }

    private boolean database() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }

    private boolean broker() {
        try (JMSContext context = connectionFactory.createContext()) {
            context.createProducer(); // opens the session: the broker answered
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
