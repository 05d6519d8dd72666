package com.salesrender.plugin.chat.application;

import com.salesrender.plugin.chat.platform.Stopping;
import com.salesrender.plugin.chat.task.JmsTaskQueue;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import java.sql.Connection;
import javax.sql.DataSource;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /health/ready}: the plugin can accept sends while its database answers. The broker is reported beside it but
 * does not decide: a send is stored first and its wake-up queued again by the sweeper once the broker is back, so a
 * broker outage must not take every instance out of its balancer (or Kubernetes Service) while they still accept.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    @Resource(lookup = "jdbc/chatPlugin")
    DataSource dataSource;

    @Resource(lookup = JmsTaskQueue.CONNECTION_FACTORY)
    ConnectionFactory connectionFactory;

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
